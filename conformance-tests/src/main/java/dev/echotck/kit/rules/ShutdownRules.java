package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.echotck.kit.engine.EchoTckExtension;
import dev.echotck.kit.engine.Figure.Tone;
import dev.echotck.kit.engine.Fresh;
import dev.echotck.kit.engine.Observations;
import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleOrder;
import dev.echotck.kit.engine.RuleTest;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.process.Signals;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * The SHUT family: shutdown. One method per rule; the rule's text, its rationale and its "if this
 * fails" hints are in spec/rules/SHUT.md, which also states the shutdown semantics. Outside ECHO,
 * payloads are newline-terminated ASCII.
 *
 * <p>Every check stops its own server ({@code @Fresh}). A correct server takes the drain period
 * (2 s) to stop only while a client stays connected and idle, so only the checks that need that
 * (SHUT-2, SHUT-7) keep one; the others let their clients leave, and the server exits at once.
 */
@ExtendWith(EchoTckExtension.class)
@TestMethodOrder(RuleOrder.class)
@DisplayName("SHUT: shutdown")
public class ShutdownRules {

    static final Duration CONNECT = Duration.ofSeconds(5);
    static final Duration EXCHANGE = Duration.ofSeconds(5);
    /** New connections must be refused this soon after the signal. */
    static final Duration REFUSED = Duration.ofSeconds(1);
    /** Once the server has exited, its clients must see their connections closed this soon. */
    static final Duration CLOSE_SEEN = Duration.ofSeconds(1);
    private static final int IDLE_CLIENTS = 3;

    @RuleTest("SHUT-1")
    @DisplayName("SHUT-1 SIGTERM with no clients: exit status 0, promptly")
    void sigtermWithNoClientsExitsZero(@Fresh ServerUnderTest server, RuleContext rule) {
        ServerStop.send(server, Signals.SIGTERM).requireExitZero(rule.timeouts(), "with no client connected",
                "the signal does not end the accept loop: a handler that only sets a flag is not seen by a thread "
                        + "blocked in accept; close the listening socket (or write to a pipe the loop polls) so that "
                        + "accept returns. Or SIGTERM is ignored or blocked (SIG_IGN, sigprocmask)");
    }

    @RuleTest("SHUT-2")
    @DisplayName("SHUT-2 SIGTERM with idle clients: their connections are closed and the server exits 0")
    void sigtermWithIdleClientsClosesThemAndExitsZero(@Fresh ServerUnderTest server, RuleContext rule) {
        Timeouts t = rule.timeouts();
        Observations.Timeline timeline = rule.observations().timeline(IDLE_CLIENTS + " idle clients, then SIGTERM")
                .lanes("kit", "server");
        long checkStart = System.nanoTime();
        List<EchoClient> clients = new ArrayList<>();
        List<Long> connectedAt = new ArrayList<>();
        try {
            for (int i = 1; i <= IDLE_CLIENTS; i++) {
                EchoClient client = EchoClient.connect(server, t.within(CONNECT));
                clients.add(client);
                connectedAt.add(System.nanoTime());
                exchange(client, "SHUT-2 idle client " + i + "\n", t, "before the signal");
                timeline.event("client " + i, "line echoed", Tone.NEUTRAL);
            }
            ServerStop stop = ServerStop.send(server, Signals.SIGTERM);
            timeline.eventAt(stop.sentAtNanos(), "kit", "SIGTERM", Tone.NEUTRAL);
            boolean exited = stop.awaitExit(t.within(ServerStop.EXIT)).isPresent();
            List<ReadResult.End> polled = exited ? List.of() : clients.stream().map(c -> c.read(1, Duration.ofMillis(10)).end()).toList();
            long closed = exited ? IDLE_CLIENTS : polled.stream()
                    .filter(end -> end == ReadResult.End.EOF || end == ReadResult.End.RESET).count();
            drawServer(timeline, stop, exited, checkStart, t);
            for (int i = 0; i < polled.size(); i++) {
                drawClient(timeline, i, connectedAt.get(i), stop.sentAtNanos(), polled.get(i));
            }
            stop.requireExitZero(t, "while " + IDLE_CLIENTS + " clients were connected and idle" + (exited ? ""
                            : " (" + closed + " of them saw their connection closed)"), closed == 0
                    ? "your server's threads are blocked in read and nothing wakes them (seed 002): after the drain "
                    + "period call shutdown(fd, SHUT_RD) (Java: shutdownInput()) on every connection, so that a "
                    + "blocked read returns end of stream. A flag checked between reads is never seen, and a signal "
                    + "sent to the thread can arrive just before it blocks and be lost"
                    : "the connections were closed but the process did not exit: a join or waitpid without bound on a "
                    + "thread or child that does not end, or a non-daemon thread left running");
            for (int i = 0; i < clients.size(); i++) {
                ReadResult end = clients.get(i).readToEnd(1024, t.within(CLOSE_SEEN));
                drawClient(timeline, i, connectedAt.get(i), stop.sentAtNanos(), end.end());
                if (end.end() == ReadResult.End.DEADLINE) {
                    throw RuleViolation.because("the server " + stop.describeExit() + ", but idle client " + (i + 1)
                                    + " never saw its connection closed")
                            .likelyCause("a process the server forked still holds the connection: pass the stop on to "
                                    + "your children and wait for them before exiting")
                            .build();
                }
            }
        } finally {
            clients.forEach(EchoClient::close);
        }
    }

    /** SHUT-2's picture of the server: running until it exited (and how), or still running when the kit gave up. */
    private static void drawServer(Observations.Timeline timeline, ServerStop stop, boolean exited, long from, Timeouts t) {
        if (exited) {
            long at = stop.exitedAtNanos().orElse(System.nanoTime());
            String status = stop.status();
            timeline.span("server", "running", from, at, Tone.NEUTRAL)
                    .eventAt(at, "server", status, status.equals("exited with status 0") ? Tone.GOOD : Tone.BAD);
        } else {
            timeline.span("server", "running", from, stop.sentAtNanos(), Tone.NEUTRAL)
                    .stillGoing("server", "still running after SIGTERM", stop.sentAtNanos(), Tone.BAD)
                    .event("kit", "gave up: no exit within " + t.describe(ServerStop.EXIT), Tone.BAD);
        }
    }

    /** SHUT-2's picture of one idle client: connected until it saw its connection closed, or still open. */
    private static void drawClient(Observations.Timeline timeline, int index, long connectedAt, long signalAt,
                                   ReadResult.End end) {
        String lane = "client " + (index + 1);
        if (end == ReadResult.End.EOF || end == ReadResult.End.RESET) {
            timeline.span(lane, "connected, idle", connectedAt, System.nanoTime(), Tone.NEUTRAL)
                    .event(lane, end == ReadResult.End.EOF ? "closed (end of stream)" : "closed (reset)", Tone.GOOD);
        } else {
            timeline.span(lane, "connected, idle", connectedAt, signalAt, Tone.NEUTRAL)
                    .stillGoing(lane, "connection still open after SIGTERM", signalAt, Tone.BAD);
        }
    }

    @RuleTest("SHUT-3")
    @DisplayName("SHUT-3 after SIGTERM new connections are refused, existing ones are still served")
    void afterSigtermNewConnectionsAreRefusedExistingOnesServed(@Fresh ServerUnderTest server, RuleContext rule) {
        Timeouts t = rule.timeouts();
        try (EchoClient client = EchoClient.connect(server, t.within(CONNECT))) {
            exchange(client, "SHUT-3 before the signal\n", t, "before the signal");
            ServerStop stop = ServerStop.send(server, Signals.SIGTERM);
            NewConnections.Refusal refusal = NewConnections.awaitRefused(server, stop.sentAtNanos(), t.within(REFUSED));
            if (!refusal.refused()) {
                throw RuleViolation.because("new connections were not refused within " + t.describe(REFUSED)
                                + " of SIGTERM")
                        .evidence(refusal.describe())
                        .likelyCause(refusal.accepted() > 0
                                ? "your server keeps its listening socket open while it stops: close it as the first "
                                + "step of the stop (a listener that is open but no longer accepted from still "
                                + "completes handshakes into its backlog, so clients connect and then hang)"
                                : "new connections neither succeed nor are refused: your listening socket is open but "
                                + "its backlog is full; close it as the first step of the stop")
                        .build();
            }
            byte[] line = "SHUT-3 during the drain period\n".getBytes(StandardCharsets.US_ASCII);
            ReadResult got = writeThenRead(client, line, t);
            if (got.length() < line.length) {
                throw RuleViolation.because("after SIGTERM the existing connection was no longer served: "
                                + got.length() + " of " + line.length + " bytes came back, then " + got.describeEnd())
                        .evidence(refusal.describe() + "; the client then sent a line, " + stop.sinceSignal()
                                + " after the signal, well within the 2 s drain period")
                        .likelyCause(got.end() == ReadResult.End.DEADLINE
                                ? "your server stops reading its connections as soon as it is told to stop: serve "
                                + "them as usual for the drain period"
                                : "your stop closes (or shuts down) every connection at once: serve them for the drain "
                                + "period first")
                        .build();
            }
        }
    }

    @RuleTest("SHUT-4")
    @DisplayName("SHUT-4 no loss: what the server had read before SIGTERM is echoed before it closes")
    void bytesReadBeforeSigtermAreEchoed(@Fresh ServerUnderTest server, RuleContext rule) throws IOException {
        new NoLossProbe(server, rule).run();
    }

    @RuleTest("SHUT-5")
    @DisplayName("SHUT-5 a transfer in progress completes during the drain period")
    void transferInProgressCompletesDuringTheDrainPeriod(@Fresh ServerUnderTest server, RuleContext rule)
            throws Exception {
        new TransferThroughStopProbe(server, rule).run();
    }

    @RuleTest("SHUT-6")
    @DisplayName("SHUT-6 SIGINT stops the server like SIGTERM")
    void sigintStopsTheServerLikeSigterm(@Fresh ServerUnderTest server, RuleContext rule) {
        Timeouts t = rule.timeouts();
        ServerStop stop;
        NewConnections.Refusal refusal;
        try (EchoClient client = EchoClient.connect(server, t.within(CONNECT))) {
            exchange(client, "SHUT-6 before the signal\n", t, "before the signal");
            stop = ServerStop.send(server, Signals.SIGINT);
            // keep the client connected until the server shows it got the signal (or for 1 s): then leave
            refusal = NewConnections.awaitRefused(server, stop.sentAtNanos(), t.within(REFUSED));
        }
        stop.requireExitZero(t, "with a client connected (it left " + (refusal.refused()
                        ? "once new connections were refused, " : "") + "after " + ServerStop.seconds(
                        refusal.elapsed().toNanos()) + ")",
                refusal.refused()
                        ? "SIGINT starts the stop (the listener closed) but the process does not exit: see SHUT-1"
                        : "nothing happened on SIGINT: it is ignored or blocked (the kit starts servers with every "
                        + "signal at its default, so by your code, or by a wrapper script that starts the server with "
                        + "'&': a non-interactive shell ignores SIGINT in background jobs; exec the server instead); "
                        + "install your stop handler for SIGINT as for SIGTERM");
    }

    @RuleTest("SHUT-7")
    @DisplayName("SHUT-7 the port can be bound again as soon as the server has exited")
    void portCanBeBoundAgainAfterExit(@Fresh ServerUnderTest server, RuleContext rule) {
        Timeouts t = rule.timeouts();
        ServerStop stop;
        String howItEnded;
        try (EchoClient client = EchoClient.connect(server, t.within(CONNECT))) {
            exchange(client, "SHUT-7 before the signal\n", t, "before the signal");
            stop = ServerStop.send(server, Signals.SIGTERM);
            ReadResult end = client.readToEnd(1024, t.within(ServerStop.EXIT));
            howItEnded = end.end() == ReadResult.End.DEADLINE
                    ? "the server had not closed the idle client's connection " + stop.sinceSignal()
                    + " after SIGTERM, so the client closed it"
                    : "the server closed the idle client's connection first (" + (end.end() == ReadResult.End.EOF
                    ? "end of stream" : "a reset") + " " + stop.sinceSignal() + " after SIGTERM)";
        }
        // a server that waits for its clients to leave is SHUT-2's finding, not this rule's: it gets its bound anew
        if (stop.awaitExitFromNow(t.within(ServerStop.EXIT)).isEmpty()) {
            throw RuleViolation.because("the server " + stop.describeExit() + ": its port cannot be bound again while it "
                            + "runs")
                    .evidence(howItEnded)
                    .likelyCause("the server does not exit on SIGTERM; see SHUT-1 and SHUT-2")
                    .build();
        }
        PortRebindProbe.requireBindable(server.address(), t, howItEnded + "; then the server " + stop.describeExit());
    }

    private static void exchange(EchoClient client, String text, Timeouts t, String when) {
        byte[] line = text.getBytes(StandardCharsets.US_ASCII);
        ReadResult got = writeThenRead(client, line, t);
        if (got.length() < line.length) {
            RuleViolation.Builder violation = RuleViolation.because("a line sent " + when + " was not echoed: "
                    + got.describeEnd());
            client.server().deathNotice().ifPresent(notice -> violation.evidence("the server is dead: " + notice));
            throw violation.likelyCause("the server does not echo a line; see the ECHO rules").build();
        }
    }

    /** A write the server refuses (reset, broken pipe) reads as what it is: the connection ended. */
    private static ReadResult writeThenRead(EchoClient client, byte[] line, Timeouts t) {
        long start = System.nanoTime();
        try {
            client.write(line, t.within(EXCHANGE));
        } catch (IOException e) {
            return new ReadResult(new byte[0], ReadResult.End.RESET, Duration.ofNanos(System.nanoTime() - start));
        }
        return client.read(line.length, t.within(EXCHANGE));
    }
}
