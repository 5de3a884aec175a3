package dev.echotck.reference;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs one echo server in the foreground:
 * {@code ServerMain NAME [--bind A] [--port N] [--max-connections N] [--idle-timeout D]}.
 * Prints {@code listening on HOST:PORT} once it accepts connections. On SIGTERM or SIGINT it stops
 * as spec/rules/SHUT.md says (refuse new clients at once, serve existing ones for the drain period,
 * then wake and close them) and exits 0. The kit launches reference servers and mutants through
 * this class, so they are child processes exactly like a user's server.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs an echo server until SIGTERM or SIGINT.",
        footer = {"",
                "Limits (defence against a flood of idle clients, as in a slowloris attack):",
                "  A connection beyond --max-connections is accepted and closed at once, without a byte read",
                "  or written: its client sees end of stream (or a reset if it had already sent bytes),",
                "  instead of waiting in the listen queue. Defaults: " + ServerMain.DEFAULT_LIMITS + ".",
                "  With --idle-timeout, a connection on which the server has waited that long for input",
                "  without receiving a byte (counted from the last byte read, or from its last echo written",
                "  if later) is closed; its echo has all been written by then. A client that does not read",
                "  its echo is not idle (its server waits to write): backpressure holds it, no timeout.",
                "  Default: no idle timeout, an idle client may stay connected as long as it likes."})
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

    static final String DEFAULT_LIMITS = "blocking, virtual, selector, async " + BlockingEchoServer.DEFAULT_MAX_CONNECTIONS
            + "; forked " + ForkedEchoServer.DEFAULT_MAX_CONNECTIONS + " (a JVM per client)";

    @Option(names = "--max-connections", paramLabel = "N",
            description = "At most N connections open at once; one more is accepted and closed at once (default: the model's, see below).")
    Integer maxConnections;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Close a connection after DURATION without a byte from its client, e.g. 30s, 500ms, 2m (default: none).")
    Duration idleTimeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Function<String, Function<ServerOptions, EchoServer>> registry;

    ServerMain(Function<String, Function<ServerOptions, EchoServer>> registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() throws Exception {
        if (maxConnections != null && maxConnections < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-connections must be at least 1, not " + maxConnections);
        }
        ServerOptions options = new ServerOptions(bind, port, Duration.ofMillis(graceMillis),
                maxConnections == null ? OptionalInt.empty() : OptionalInt.of(maxConnections), Optional.ofNullable(idleTimeout));
        EchoServer server = registry.apply(name).apply(options);
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

    /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}; a positive whole number and its unit. */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

        private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration: a positive whole number and a unit, ms, s, m or h (500ms, 30s)");
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
    }

    public static void main(String[] args) {
        System.exit(run(name -> options -> ReferenceServers.create(name, options), args));
    }
}
