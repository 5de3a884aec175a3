package dev.echotck.kit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.echotck.reference.BlockingEchoServer;
import dev.echotck.reference.ForkedEchoServer;
import dev.echotck.reference.ServerMain;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs a reference server in the foreground until SIGTERM or Ctrl-C.")
public final class ServeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", description = "Reference server: blocking, ...")
    String name;

    @Option(names = "--port", defaultValue = "0", description = "Port; 0 picks a free one and prints it.")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "At most N connections open at once; one more is accepted and closed at once, its client sees "
                    + "end of stream (default: " + BlockingEchoServer.DEFAULT_MAX_CONNECTIONS + "; forked: "
                    + ForkedEchoServer.DEFAULT_MAX_CONNECTIONS + ", a JVM per client).")
    Integer maxConnections;

    @Option(names = "--idle-timeout", paramLabel = "DURATION",
            description = "Close a connection after DURATION without a byte from its client, e.g. 30s, 500ms (default: none). "
                    + "Counted from the last byte read or echoed; a client that does not read its echo is not idle.")
    String idleTimeout;

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>(List.of(name, "--port", Integer.toString(port), "--bind", bind));
        if (maxConnections != null) {
            args.addAll(List.of("--max-connections", maxConnections.toString()));
        }
        if (idleTimeout != null) {
            args.addAll(List.of("--idle-timeout", idleTimeout)); // ServerMain parses and checks it
        }
        return ServerMain.run(n -> options -> dev.echotck.reference.ReferenceServers.create(n, options),
                args.toArray(String[]::new));
    }
}
