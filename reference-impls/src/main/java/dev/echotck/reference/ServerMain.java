package dev.echotck.reference;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs one echo server in the foreground: {@code ServerMain NAME [--bind A] [--port N]}.
 * Prints {@code listening on HOST:PORT} once it accepts connections. On SIGTERM or SIGINT it stops
 * as spec/rules/SHUT.md says (refuse new clients at once, serve existing ones for the drain period,
 * then wake and close them) and exits 0. The kit launches reference servers and mutants through
 * this class, so they are child processes exactly like a user's server.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs an echo server until SIGTERM or SIGINT.")
public final class ServerMain implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "Which server to run.")
    String name;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "0", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--grace-ms", defaultValue = "2000",
            description = "On stop, how long existing connections are still served before they are closed (default: ${DEFAULT-VALUE}).")
    long graceMillis;

    private final Function<String, Function<ServerOptions, EchoServer>> registry;

    ServerMain(Function<String, Function<ServerOptions, EchoServer>> registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() throws Exception {
        EchoServer server = registry.apply(name).apply(new ServerOptions(bind, port, Duration.ofMillis(graceMillis)));
        ShutdownSignals.stopOnTermOrInt(server);
        server.bind();
        System.out.println(name + " listening on " + server.address().getHostString() + ":" + server.address().getPort());
        System.out.flush();
        server.serve();
        return 0;
    }

    /** Runs a server from the given registry; used by the reference servers and by the mutants. */
    public static int run(Function<String, Function<ServerOptions, EchoServer>> registry, String... args) {
        return new CommandLine(new ServerMain(registry))
                .setParameterExceptionHandler((e, a) -> {
                    System.err.println("serve: " + e.getMessage());
                    return 2;
                })
                .setExecutionExceptionHandler((e, cmd, result) -> {
                    System.err.println("serve: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    return 1;
                })
                .execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(name -> options -> ReferenceServers.create(name, options), args));
    }
}
