package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.echotck.kit.engine.Figure.Tone;
import dev.echotck.kit.engine.Observations;
import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * CONC-2, seed 004's "client 1 goes out to lunch": clients that connect and send nothing must not
 * hold up anyone else. Two steps, so the evidence can tell the two classic causes apart: with one
 * idle client, an iterative server already fails; with 16, a small fixed pool of threads does.
 */
final class IdleClientsProbe {

    static final int IDLE = 16;
    private static final int EXCHANGES = 3;
    /** All the idle clients together may take this long to connect. */
    private static final Duration ALL_CONNECT = Duration.ofSeconds(10);

    private final ServerUnderTest server;
    private final RuleContext rule;

    IdleClientsProbe(ServerUnderTest server, RuleContext rule) {
        this.server = server;
        this.rule = rule;
    }

    void run() throws IOException {
        Timeouts t = rule.timeouts();
        // the picture: who was connected and silent while whose line waited for its echo
        Observations.Timeline timeline = rule.observations().timeline("idle clients, and an active client beside them")
                .lanes("idle client 1", "active client 1", "idle clients 2-" + IDLE, "active client 2");
        long[] idleSince = new long[2];
        try (IdleConnections idle = new IdleConnections(server)) {
            idleSince[0] = System.nanoTime();
            idle.open(1, t.within(ConcurrencyRules.CONNECT), t.within(ConcurrencyRules.CONNECT));
            activeClientIsServed(idle, 1, t, timeline);
            idleSince[1] = System.nanoTime();
            idle.open(IDLE - 1, t.within(ConcurrencyRules.CONNECT), t.within(ALL_CONNECT));
            activeClientIsServed(idle, 2, t, timeline);
        } finally {
            timeline.span("idle client 1", "connected, sends nothing", idleSince[0], System.nanoTime(), Tone.NEUTRAL);
            if (idleSince[1] != 0) {
                timeline.span("idle clients 2-" + IDLE, "connected, send nothing", idleSince[1], System.nanoTime(), Tone.NEUTRAL);
            }
        }
    }

    private void activeClientIsServed(IdleConnections idle, int step, Timeouts t, Observations.Timeline timeline)
            throws IOException {
        String lane = "active client " + step;
        try (EchoClient client = EchoClient.connect(server, t.within(ConcurrencyRules.CONNECT))) {
            timeline.event(lane, "connected", Tone.NEUTRAL);
            for (int i = 1; i <= EXCHANGES; i++) {
                byte[] line = ("active client " + step + " exchange " + i + " of " + EXCHANGES + "\n").getBytes(StandardCharsets.US_ASCII);
                long sent = System.nanoTime();
                client.write(line, t.within(ConcurrencyRules.EXCHANGE));
                ReadResult got = client.read(line.length, t.within(ConcurrencyRules.EXCHANGE));
                if (got.length() < line.length || got.end() != ReadResult.End.COUNT) {
                    timeline.span(lane, "line " + i + " sent, waiting for its echo", sent, System.nanoTime(), Tone.BAD)
                            .event(lane, got.length() == 0 ? "no echo" : "echo incomplete", Tone.BAD);
                    throw blocked(idle, step, i, got, t);
                }
                if (!Arrays.equals(line, got.bytes())) {
                    throw RuleViolation.because("with " + idle.count() + " idle clients connected, the active client's "
                                    + "line came back changed")
                            .evidence("sent " + new String(line, StandardCharsets.US_ASCII).strip() + ", got "
                                    + new String(got.bytes(), StandardCharsets.ISO_8859_1).strip())
                            .likelyCause("your server mixes up connections or buffers while other clients are connected")
                            .build();
                }
            }
            timeline.event(lane, EXCHANGES + " lines echoed", Tone.GOOD);
        }
    }

    private RuleViolation blocked(IdleConnections idle, int step, int exchange, ReadResult got, Timeouts t)
            throws IOException {
        RuleViolation.Builder violation = RuleViolation.because("with " + plural(idle.count(), "idle client")
                        + " connected, another client's line got no echo: " + got.describeEnd())
                .evidence("the idle clients connected first and sent nothing; then a client connected and sent a line ("
                        + "exchange " + exchange + " of " + EXCHANGES + "), waiting " + t.describe(ConcurrencyRules.EXCHANGE));
        if (step == 2) {
            violation.evidence("with 1 idle client connected, an active client was served normally");
        }
        List<String> disturbed = idle.disturbed();
        disturbed.forEach(violation::evidence);
        server.deathNotice().ifPresent(notice -> violation.evidence("the server is dead: " + notice));
        String cause;
        if (server.deathNotice().isPresent()) {
            cause = "your server crashed while clients were connected and silent";
        } else if (got.end() == ReadResult.End.EOF || got.end() == ReadResult.End.RESET) {
            cause = "your server closed the active client's connection without echoing: it may refuse clients beyond "
                    + "a limit";
        } else if (step == 1) {
            cause = "one client that sends nothing blocks everyone: your server serves one client at a time and waits in "
                    + "read for the first (seed 004: \"client 1 goes out to lunch\"). Serve each client on its own thread "
                    + "or process, or multiplex with select/poll/epoll";
        } else {
            cause = "one idle client was fine but " + IDLE + " were not: a fixed pool of fewer than " + (IDLE + 1)
                    + " threads, each blocked in read on a client that sends nothing, so the next client waits in the "
                    + "pool's queue. Use a thread per client (or virtual threads), or non-blocking I/O";
        }
        return violation.likelyCause(cause).build();
    }

    private static String plural(int count, String noun) {
        return TaggedLines.plural(count, noun);
    }
}
