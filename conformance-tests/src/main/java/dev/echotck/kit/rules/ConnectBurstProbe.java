package dev.echotck.kit.rules;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * CONC-5: 200 clients released at once by a gate, so their connection requests reach the server
 * together, more of them than a typical listen backlog holds. Each sends one line naming it, reads
 * the echo and leaves. Unlike CONC-1, clients do not wait for each other: a server that serves one
 * client at a time passes if its accept path keeps up. What fails is an accept path that loses
 * connections under a burst: a handoff race, an accept loop that gives up on an error.
 */
final class ConnectBurstProbe {

    static final int CLIENTS = 200;
    /**
     * Connecting may take a while: when the listen queue overflows, Linux drops the connection
     * request and the client retries after 1 s, then 3 s. That is slow, not wrong.
     */
    private static final Duration CONNECT = Duration.ofSeconds(10);

    private final ServerUnderTest server;
    private final RuleContext rule;

    ConnectBurstProbe(ServerUnderTest server, RuleContext rule) {
        this.server = server;
        this.rule = rule;
    }

    void run() throws InterruptedException {
        Timeouts t = rule.timeouts();
        int run = rule.random().nextInt();
        OwnBytes verdict = new OwnBytes();
        CountDownLatch ready = new CountDownLatch(CLIENTS);
        CountDownLatch gate = new CountDownLatch(1);
        BurstProgress progress = BurstProgress.startingNow(t);
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 1; i <= CLIENTS; i++) {
                int id = i;
                clients.submit(() -> {
                    ready.countDown();
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    oneClient(id, run, verdict, progress, t);
                });
            }
            ready.await();
            gate.countDown();
        } // waits for every client; each step is bounded
        if (!verdict.allOwn()) {
            RuleViolation.Builder violation = RuleViolation.because(verdict.notServed().size() + " of " + CLIENTS
                            + " clients that connected in one burst were not served")
                    .evidence(CLIENTS + " clients connected at the same moment (each may take up to " + t.describe(CONNECT)
                            + "), each sent one line naming it, waited for its echo " + BurstProgress.describe(t)
                            + " and closed; clients are numbered in the order they were started, not connected");
            verdict.evidence(BurstProgress.describeQuiet(t)).forEach(violation::evidence);
            server.deathNotice().ifPresent(notice -> violation.evidence("the server is dead: " + notice));
            throw violation.likelyCause(cause(verdict)).build();
        }
    }

    private void oneClient(int id, int run, OwnBytes verdict, BurstProgress progress, Timeouts t) {
        EchoClient client;
        try {
            client = EchoClient.connect(server, t.within(CONNECT));
        } catch (RuleViolation e) {
            String why = e.getMessage().contains("refused") ? "connection refused"
                    : e.getMessage().contains("timed out") ? "no connection within " + t.describe(CONNECT)
                    : e.getMessage().lines().findFirst().orElse("");
            verdict.recordFailure(id, "could not connect: " + why);
            return;
        }
        try (client) {
            byte[] line = TaggedLines.of(id, 1, 1, run);
            client.write(line, t.within(ConcurrencyRules.EXCHANGE));
            verdict.record(id, line, progress.read(client, line.length));
        } catch (IOException e) {
            verdict.recordFailure(id, "its write failed: " + e.getMessage());
        }
    }

    private String cause(OwnBytes verdict) {
        if (server.deathNotice().isPresent()) {
            return "your server crashed under a burst of connections";
        }
        if (verdict.crossTalk()) {
            return verdict.likelyCause(server, false);
        }
        if (!verdict.waiting().isEmpty()) {
            return "connections were accepted but never served: the accepted connection reaches its thread through a "
                    + "variable the next accept overwrites (seed 000's pthread_create(..., &client_fd)); in a burst, "
                    + "several threads read the same, latest connection and the others are lost. Give each handler its "
                    + "own copy of the descriptor";
        }
        return "connections of the burst failed: your accept loop may stop or slow down on an accept error "
                + "(ECONNABORTED, EMFILE), or your listen backlog is tiny and the accept loop slow; keep accepting, and "
                + "listen with a backlog of at least 128 (SOMAXCONN)";
    }
}
