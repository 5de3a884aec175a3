package dev.echotck.kit.rules;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * CONC-1: 64 clients connect, and only when all are connected does any of them send. Then each
 * sends its own tagged lines and all read at once, for as long as the server keeps answering some
 * of them ({@link BurstProgress}: a server that starts a process per client is slow, not wrong). No
 * client finishes before
 * every client has connected, so a server that serves one client (or k clients) at a time cannot
 * pass by serving them in turn.
 */
final class SimultaneousClientsProbe {

    static final int CLIENTS = 64;
    private static final int LINES = 4;
    /** All clients together may take this long to connect. */
    private static final Duration ALL_CONNECT = Duration.ofSeconds(20);

    private final ServerUnderTest server;
    private final RuleContext rule;

    SimultaneousClientsProbe(ServerUnderTest server, RuleContext rule) {
        this.server = server;
        this.rule = rule;
    }

    void run() {
        Timeouts t = rule.timeouts();
        int run = rule.random().nextInt();
        List<EchoClient> clients = new ArrayList<>();
        OwnBytes verdict = new OwnBytes();
        try {
            long deadline = System.nanoTime() + t.within(ALL_CONNECT).toNanos();
            for (int i = 1; i <= CLIENTS; i++) {
                clients.add(connect(i, t));
                if (System.nanoTime() > deadline && i < CLIENTS) {
                    throw RuleViolation.because("only " + i + " of " + CLIENTS + " clients could connect within "
                                    + t.describe(ALL_CONNECT))
                            .likelyCause("your server accepts connections slowly (work between two accept calls) and its "
                                    + "listen backlog is small, so the kernel drops connection requests and clients retry")
                            .build();
                }
            }
            byte[][] payloads = new byte[CLIENTS + 1][];
            for (int i = 1; i <= CLIENTS; i++) {
                payloads[i] = TaggedLines.of(i, 1, LINES, run);
            }
            BurstProgress progress = BurstProgress.startingNow(t);
            try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 1; i <= CLIENTS; i++) {
                    EchoClient client = clients.get(i - 1);
                    int id = i;
                    try {
                        client.write(payloads[id], t.within(ConcurrencyRules.EXCHANGE));
                    } catch (IOException e) {
                        verdict.recordFailure(id, "the write failed (" + e.getMessage() + ")");
                        continue;
                    }
                    readers.submit(() -> {
                        ReadResult got = progress.read(client, payloads[id].length);
                        verdict.record(id, payloads[id], got);
                    });
                }
            } // waits for every reader; each read is bounded
        } finally {
            clients.forEach(EchoClient::close);
        }
        if (!verdict.allOwn()) {
            RuleViolation.Builder violation = RuleViolation.because(verdict.notServed().size() + " of " + CLIENTS
                            + " simultaneous clients did not get exactly their own bytes back")
                    .evidence("all " + CLIENTS + " clients connected first (clients are numbered in connect order); "
                            + "then each sent " + LINES + " lines naming it (\"" + TaggedLines.line(1, 1, 1, run).strip()
                            + "\") and all read at once, " + BurstProgress.describe(t));
            verdict.evidence(BurstProgress.describeQuiet(t)).forEach(violation::evidence);
            server.deathNotice().ifPresent(notice -> violation.evidence("the server is dead: " + notice));
            throw violation.likelyCause(verdict.likelyCause(server, true)).build();
        }
    }

    private EchoClient connect(int i, Timeouts t) {
        try {
            return EchoClient.connect(server, t.within(ConcurrencyRules.CONNECT));
        } catch (RuleViolation e) {
            throw RuleViolation.because("client " + i + " of " + CLIENTS + " could not connect while " + (i - 1)
                            + " clients were connected and had sent nothing yet")
                    .evidence(e.getMessage())
                    .likelyCause(server.deathNotice().isPresent() ? "your server crashed with many clients connected"
                            : "your server stopped accepting connections while it had " + (i - 1) + " clients: it may "
                                    + "serve one client at a time with a small listen backlog, or run out of threads or "
                                    + "file descriptors")
                    .build();
        }
    }
}
