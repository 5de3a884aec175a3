package dev.echotck.kit.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.echotck.reference.client.EchoClientMain;

@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Runs the reference interactive echo client: stdin to the server, the server's replies to stdout.",
                "Exit status: 0 the server ended the session, 1 the connection failed or broke, 2 bad usage."})
public final class ClientCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "HOST", description = "The server's host name or address.")
    String host;

    @Parameters(index = "1", paramLabel = "PORT", description = "The server's port.")
    int port;

    @Option(names = "--drain-ms", paramLabel = "MS", defaultValue = "2000",
            description = "After the end of input, give up once the server has sent nothing for MS ms (default: ${DEFAULT-VALUE}).")
    long drainMillis;

    @Override
    public Integer call() throws InterruptedException {
        return EchoClientMain.run(host, port, Duration.ofMillis(drainMillis));
    }
}
