package dev.echotck.kit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>(List.of(name, "--port", Integer.toString(port), "--bind", bind));
        return ServerMain.run(n -> options -> dev.echotck.reference.ReferenceServers.create(n, options),
                args.toArray(String[]::new));
    }
}
