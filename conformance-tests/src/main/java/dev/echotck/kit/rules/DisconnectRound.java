package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.echotck.kit.check.EchoExpectation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.process.ProcessTree;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * The workload of the HYG checks: sixteen clients connect at once, each has one line echoed (so
 * the server has really served each of them: a forking server has forked, a threaded one has
 * started its threads), then they leave the two ways real clients do: twelve close, four reset.
 * A resource the server frees on one path and forgets on the other shows up either way.
 */
final class DisconnectRound {

    static final int CLIENTS = 16;
    static final int RESETS = 4;
    static final Duration CONNECT = Duration.ofSeconds(5);
    static final Duration EXCHANGE = Duration.ofSeconds(5);

    private DisconnectRound() {
    }

    /** Runs one round; returns the server's process tree as it was while all clients were connected. */
    static ProcessTree run(ServerUnderTest server, Timeouts t, String label) throws IOException {
        List<EchoClient> clients = new ArrayList<>(CLIENTS);
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(EchoClient.connect(server, t.within(CONNECT)));
            }
            List<byte[]> lines = new ArrayList<>(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                byte[] line = (label + ", client " + (i + 1) + "\n").getBytes(StandardCharsets.US_ASCII);
                lines.add(line);
                clients.get(i).write(line, t.within(EXCHANGE));
            }
            for (int i = 0; i < CLIENTS; i++) {
                ReadResult echo = clients.get(i).read(lines.get(i).length, t.within(EXCHANGE));
                EchoExpectation.assertEchoed("the line of client " + (i + 1) + " of " + label, lines.get(i), echo,
                        t.describe(EXCHANGE), server);
            }
            ProcessTree whileConnected = TreeCapture.of(server);
            for (int i = 0; i < CLIENTS; i++) {
                if (i < RESETS) {
                    clients.get(i).reset();
                } else {
                    clients.get(i).close();
                }
            }
            return whileConnected;
        } finally {
            clients.forEach(EchoClient::close);
        }
    }

    /** One client, one line, then an orderly close: the unit of HYG-4's thousand connections. */
    static void oneConnection(ServerUnderTest server, Timeouts t, String label) throws IOException {
        byte[] line = (label + "\n").getBytes(StandardCharsets.US_ASCII);
        try (EchoClient client = EchoClient.connect(server, t.within(CONNECT))) {
            client.write(line, t.within(EXCHANGE));
            ReadResult echo = client.read(line.length, t.within(EXCHANGE));
            EchoExpectation.assertEchoed("the line of " + label, line, echo, t.describe(EXCHANGE), server);
        }
    }
}
