package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.echotck.kit.engine.EchoTckExtension;
import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleOrder;
import dev.echotck.kit.engine.RuleTest;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.RefusedPort;
import dev.echotck.kit.net.ScriptedConnection;
import dev.echotck.kit.net.ScriptedServer;
import dev.echotck.kit.process.ProcessSnapshot;
import dev.echotck.kit.process.Signals;
import dev.echotck.kit.target.ClientProcess;
import dev.echotck.kit.target.ClientUnderTest;

/**
 * The CLIENT family: an interactive echo client, checked against servers the kit runs itself.
 * One method per rule; the rule's text, rationale and hints are in spec/rules/CLIENT.md. Each
 * check starts the client afresh (a client's exit is what most of them watch) and kills it after.
 * Payloads are newline-terminated ASCII lines, as a user types them.
 */
@ExtendWith(EchoTckExtension.class)
@TestMethodOrder(RuleOrder.class)
@DisplayName("CLIENT: client conformance")
public class ClientRules {

    /** One reply on stdout, one half-close seen by the server: generous for a loaded 2-core machine. */
    static final Duration EXCHANGE = Duration.ofSeconds(5);
    /** Exit after the server's close or after a signal: "promptly". */
    static final Duration PROMPT_EXIT = Duration.ofSeconds(2);
    /** Exit after a refused connection, from the client's start (a JVM or an interpreter starts first). */
    static final Duration REFUSED_EXIT = Duration.ofSeconds(5);
    /** Exit after the end of input when the server never answers. */
    static final Duration SILENT_SERVER_EXIT = Duration.ofSeconds(5);
    /** How long what a client forked may take to go after the client's exit. */
    static final Duration GROUP_GONE = Duration.ofSeconds(1);
    /** The pause between the pieces of the echo a server sends after the client's half-close. */
    static final Duration REPLY_PAUSE = Duration.ofMillis(200);

    @RuleTest("CLIENT-1")
    @DisplayName("CLIENT-1 typed lines are sent and the replies printed, byte-exact, in order")
    void typedLinesAreSentAndRepliesPrintedByteExact(ClientUnderTest client, RuleContext rule) {
        Timeouts t = rule.timeouts();
        List<String> lines = List.of(
                "hello, client\n",
                "tabs\tand  runs   of spaces\n",
                "\n",
                "x".repeat(2999) + "\n",
                "a line ending the Windows way\r\n",
                "punctuation: !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\n",
                "  leading and trailing spaces  \n",
                "12345 67890\n",
                "> not a prompt\n",
                "the last interactive line\n");
        try (ClientSession session = ClientSession.start(client, ScriptedServer.echo(), "an echo server", rule)) {
            for (int i = 0; i < lines.size(); i++) {
                session.type(lines.get(i));
                if (i == 0) {
                    session.connection();
                }
                // The first reply may wait for the client's start (a JVM, an interpreter); the others may not.
                session.expectStdoutIsTheEcho(i == 0 ? t.startup() : t.within(EXCHANGE),
                        "after typing line " + (i + 1) + " of " + lines.size() + " one at a time");
            }
            StringBuilder burst = new StringBuilder();
            for (int i = 1; i <= 200; i++) {
                burst.append(String.format("burst line %03d of 200\n", i));
            }
            session.type(burst.toString());
            session.expectStdoutIsTheEcho(t.within(EXCHANGE), "after typing 200 lines at once");
        }
    }

    @RuleTest("CLIENT-2")
    @DisplayName("CLIENT-2 when the server closes, the client exits promptly with status 0")
    void serverCloseEndsTheClient(ClientUnderTest client, RuleContext rule) {
        Timeouts t = rule.timeouts();
        String line = "the last line before the server closes\n";
        try (ClientSession session = ClientSession.start(client,
                ScriptedServer.echoThenClose(line.length()), "a server that echoes one line, then closes", rule)) {
            session.type(line);
            ScriptedConnection connection = session.connection();
            session.expectStdoutIsTheEcho(t.startup(), "after typing one line");
            long closedAt = connection.awaitServerClosed(t.within(EXCHANGE))
                    .orElseThrow(() -> new IllegalStateException("the kit's server did not close after echoing"));
            ClientProcess process = session.client();
            Optional<Integer> status = process.awaitExitBy(closedAt + t.within(PROMPT_EXIT).toNanos());
            if (status.isEmpty()) {
                RuleViolation.Builder violation = RuleViolation.because("the server closed the connection after echoing "
                                + "the line, and the client was still running " + t.describe(PROMPT_EXIT) + " later")
                        .evidence("its stdin is still open and idle: the kit typed nothing after the line");
                session.clientState().forEach(violation::evidence);
                throw violation.likelyCause(session.blockedOnStdin()
                                ? "your input thread is still blocked reading stdin: nothing woke it when the output side "
                                        + "saw the server close (seed 002, Part 2), or its wake-up was lost (a signal sent "
                                        + "before it entered read, Part 3); poll stdin together with a control pipe (Part 4) "
                                        + "or cancel and join the thread (Part 5); in Java, read stdin through a FileChannel "
                                        + "and close it"
                                : session.onePollLoop()
                                        ? "your client polls stdin and the socket in one loop and goes on after the server's "
                                                + "end of stream, as if it were only a half-close (the server might still read); "
                                                + "for an interactive client the session is over: exit when recv returns 0"
                                        : "your client does not act on the server's close: the thread that sees end of "
                                                + "stream must wake the others (a lost signal, a join that waits on a "
                                                + "blocked thread)")
                        .build();
            }
            long took = process.exitNanos().orElse(System.nanoTime()) - closedAt;
            if (status.get() != 0) {
                throw RuleViolation.because("the client " + ClientSession.exitOf(process) + ", " + ClientSession.seconds(took)
                                + " after the server closed the connection: the status should be 0")
                        .evidence("the session went as it should: the line came back, then the server closed")
                        .likelyCause("your client treats the server's close as an error; it is the normal end of a session")
                        .build();
            }
        }
    }

    @RuleTest("CLIENT-3")
    @DisplayName("CLIENT-3 on end of input the client half-closes, prints every reply still coming, then exits 0")
    void endOfInputHalfClosesAndPrintsTheRest(ClientUnderTest client, RuleContext rule) {
        Timeouts t = rule.timeouts();
        StringBuilder input = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            input.append(String.format("line %02d of 40, typed before the end of input\n", i));
        }
        try (ClientSession session = ClientSession.start(client, ScriptedServer.echoAfterEndOfInput(3, REPLY_PAUSE),
                "a server that echoes only after the client's half-close, in 3 pieces", rule)) {
            session.type(input.toString());
            ScriptedConnection connection = session.connection();
            long endedAt = System.nanoTime();
            session.client().endInput();
            ClientProcess process = session.client();
            Optional<Long> halfClosed = connection.awaitClientEnded(t.within(EXCHANGE));
            if (halfClosed.isEmpty()) {
                RuleViolation.Builder violation = RuleViolation.because("the client's input ended, and the server saw no "
                                + "end of stream within " + t.describe(EXCHANGE) + ": the client did not half-close")
                        .evidence("the server received " + connection.received().length + " of the "
                                + input.length() + " bytes typed");
                session.clientState().forEach(violation::evidence);
                throw violation.likelyCause("on end of input call shutdown(fd, SHUT_WR) (Java: shutdownOutput()), so the "
                        + "server knows the input is over and sends the rest of its replies").build();
            }
            Optional<Long> serverClosed = connection.awaitServerClosed(t.within(EXCHANGE));
            byte[] want = input.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] got = process.awaitStdout(want.length, t.within(EXCHANGE));
            if (!java.util.Arrays.equals(want, got)) {
                RuleViolation.Builder violation = RuleViolation.because("after the end of input the client printed "
                                + got.length + " of the " + want.length + " bytes of the echo")
                        .evidence("the server saw end of stream " + ClientSession.seconds(halfClosed.get() - endedAt)
                                + " after the input ended (" + connection.clientEnd().orElse("?") + "), then sent the echo "
                                + "of the " + connection.received().length + " bytes it had received, in 3 pieces "
                                + REPLY_PAUSE.toMillis() + " ms apart, and closed");
                connection.writeProblem().ifPresent(p -> violation.evidence("the server's writes failed (" + p
                        + "): the client had already closed its socket"));
                process.exitNanos().ifPresent(at -> violation.evidence("the client exited "
                        + ClientSession.seconds(at - endedAt) + " after its input ended"));
                session.clientState().forEach(violation::evidence);
                throw violation.likelyCause(connection.received().length < want.length
                        ? "your client did not send all of its input before closing its side"
                        : "on end of input your client closes the socket or exits at once, and the replies still on "
                                + "their way are lost: half-close (shutdown SHUT_WR) and keep printing until the server "
                                + "closes; a master thread must join the output thread, not only the input thread")
                        .build();
            }
            long closedAt = serverClosed.orElseThrow(() -> new IllegalStateException("the kit's server did not close"));
            Optional<Integer> status = process.awaitExitBy(closedAt + t.within(PROMPT_EXIT).toNanos());
            if (status.isEmpty()) {
                RuleViolation.Builder violation = RuleViolation.because("the client printed the whole echo, but was still "
                        + "running " + t.describe(PROMPT_EXIT) + " after the server closed the connection");
                session.clientState().forEach(violation::evidence);
                throw violation.likelyCause(session.onePollLoop()
                        ? "your client's loop goes on after both directions have ended: once stdin has ended and recv "
                                + "returns 0, the session is over; exit"
                        : "the output side saw end of stream but the client does not exit: the master waits for a thread "
                                + "that is still blocked (see CLIENT-2), or nothing tells it the session is over")
                        .build();
            }
            if (status.get() != 0) {
                throw RuleViolation.because("the client " + ClientSession.exitOf(process) + " after a complete session: the "
                                + "status should be 0")
                        .evidence("it half-closed, printed the whole echo, and the server closed")
                        .likelyCause("your client reports the end of input or the server's close as an error")
                        .build();
            }
        }
    }

    @RuleTest("CLIENT-4")
    @DisplayName("CLIENT-4 on SIGINT or SIGTERM the client exits promptly and releases what it holds")
    void signalEndsTheClientAndReleasesEverything(ClientUnderTest client, RuleContext rule) throws InterruptedException {
        Timeouts t = rule.timeouts();
        String line = "a line before the signal\n";
        // Two clients at once: the check costs one client start, not two.
        try (ClientSession interrupted = ClientSession.start(client, ScriptedServer.echo(), "an echo server", rule);
             ClientSession terminated = ClientSession.start(client, ScriptedServer.echo(), "an echo server", rule)) {
            List<ClientSession> sessions = List.of(interrupted, terminated);
            for (ClientSession session : sessions) {
                session.type(line);
                session.connection();
            }
            for (ClientSession session : sessions) {
                session.expectStdoutIsTheEcho(t.startup(), "after typing one line, before the signal");
            }
            long interruptedAt = System.nanoTime();
            boolean toGroup = interrupted.client().leadsOwnGroup();
            interrupted.client().signalGroup(Signals.SIGINT);
            long terminatedAt = System.nanoTime();
            terminated.client().signal(Signals.SIGTERM);
            List<RuleViolation> found = new ArrayList<>();
            check(interrupted, "SIGINT" + (toGroup ? " (to its process group, as Ctrl-C sends it)" : ""), interruptedAt, t)
                    .ifPresent(found::add);
            check(terminated, "SIGTERM (to its pid, as kill PID sends it)", terminatedAt, t).ifPresent(found::add);
            if (found.size() == 1) {
                throw found.get(0);
            }
            if (found.size() == 2) {
                RuleViolation.Builder both = RuleViolation.because("neither signal ended the client properly: "
                        + found.get(0).summary() + "; " + found.get(1).summary());
                found.forEach(v -> v.evidence().forEach(both::evidence));
                throw both.likelyCause(found.get(0).likelyCause()).build();
            }
        }
    }

    private static Optional<RuleViolation> check(ClientSession session, String signal, long sentAt, Timeouts t)
            throws InterruptedException {
        ClientProcess process = session.client();
        long deadline = sentAt + t.within(PROMPT_EXIT).toNanos();
        Optional<Integer> status = process.awaitExitBy(deadline);
        if (status.isEmpty()) {
            RuleViolation.Builder violation = RuleViolation.because("after " + signal + " the client was still running "
                    + t.describe(PROMPT_EXIT) + " later");
            session.clientState().forEach(violation::evidence);
            return Optional.of(violation.likelyCause("your client catches or ignores the signal and does not end: a "
                    + "handler that only sets a flag is never seen by threads blocked in read, recv or join (seed 002, "
                    + "Part 3); keep the default action, or wake every blocked thread from the handler's path").build());
        }
        String exit = "the client " + ClientSession.exitOf(process) + " "
                + ClientSession.seconds(process.exitNanos().orElse(System.nanoTime()) - sentAt) + " after " + signal;
        ScriptedConnection connection = session.connection();
        Optional<Long> released = connection.awaitClientEnded(Duration.ofNanos(Math.max(0,
                Math.max(deadline, System.nanoTime() + t.within(GROUP_GONE).toNanos()) - System.nanoTime())));
        List<ProcessSnapshot> left = awaitGroupGone(process, t.within(GROUP_GONE));
        if (!left.isEmpty()) {
            RuleViolation.Builder violation = RuleViolation.because(exit + ", but " + left.size()
                    + " process(es) of its group were still running " + t.describe(GROUP_GONE) + " later");
            left.forEach(p -> violation.evidence("left behind: " + p.summary()));
            released.ifPresentOrElse(at -> violation.evidence("the server saw the connection end ("
                            + connection.clientEnd().orElse("?") + ")"),
                    () -> violation.evidence("the connection is still open: a process left behind holds it"));
            return Optional.of(violation.likelyCause("your client forked, and only the parent ended: on SIGTERM or "
                    + "SIGINT, end the child too (kill it and wait for it), or use threads").build());
        }
        if (released.isEmpty()) {
            return Optional.of(RuleViolation.because(exit + ", but the server still saw the connection open "
                            + t.describe(GROUP_GONE) + " later")
                    .likelyCause("another process holds the client's socket: one it started, outside its process group")
                    .build());
        }
        return Optional.empty();
    }

    /** Polls the client's process group until it is empty or the bound passes; what is left. */
    private static List<ProcessSnapshot> awaitGroupGone(ClientProcess process, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<ProcessSnapshot> left = process.survivors();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = process.survivors();
        }
        return left;
    }

    @RuleTest("CLIENT-5")
    @DisplayName("CLIENT-5 an unreachable server gives a one-line error and a non-zero exit, promptly")
    void unreachableServerIsOneLineAndNonZero(ClientUnderTest client, RuleContext rule) throws IOException {
        Timeouts t = rule.timeouts();
        try (RefusedPort port = new RefusedPort(); ClientProcess process = client.start(port.address())) {
            String where = port.address().getAddress().getHostAddress() + ":" + port.address().getPort();
            Optional<Integer> status = process.awaitExitBy(process.startNanos() + t.within(REFUSED_EXIT).toNanos());
            List<String> stderr = process.stderrLines();
            if (status.isEmpty()) {
                RuleViolation.Builder violation = RuleViolation.because("nothing listens at " + where + " (a connection is "
                                + "refused at once), and the client was still running " + t.describe(REFUSED_EXIT)
                                + " after its start")
                        .evidence("its stdin is open and idle");
                violation.evidence("its threads:");
                process.threads().forEach(l -> violation.evidence("  " + l));
                stderr.stream().limit(5).forEach(l -> violation.evidence("stderr: " + l));
                throw violation.likelyCause("your client waits for input before it connects, or retries without end: "
                        + "connect first, and give up (one line, non-zero status) when the connection is refused").build();
            }
            if (status.get() == 126 || status.get() == 127) {
                // The shell's and setsid's "cannot execute" and "not found": this is no client refusing to connect.
                throw client.setupFailed("the client command could not be run (" + process.describeExit() + ")"
                        + (stderr.isEmpty() ? "" : ": " + String.join(" ", stderr)));
            }
            byte[] stdout = process.stdout();
            if (status.get() == 0) {
                throw RuleViolation.because("the client could not connect to " + where + " and exited with status 0")
                        .evidence("stderr: " + (stderr.isEmpty() ? "(nothing)" : String.join(" | ", stderr)))
                        .likelyCause("exit with a non-zero status (1) when the connection fails: scripts rely on it")
                        .build();
            }
            if (stderr.size() != 1) {
                RuleViolation.Builder violation = RuleViolation.because("the client " + ClientSession.exitOf(process) + " as it "
                        + "should, but wrote " + stderr.size() + " lines to stderr instead of one");
                stderr.stream().limit(6).forEach(l -> violation.evidence("stderr: " + l));
                throw violation.likelyCause(stderr.isEmpty()
                        ? "say why in one line on stderr, e.g. \"client: cannot connect to " + where
                                + ": Connection refused\""
                        : stderr.stream().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Traceback"))
                                ? "the connection error escapes as an exception and its stack trace is printed: catch it "
                                        + "and print one line"
                                : "print one line that says what failed, e.g. \"client: cannot connect to " + where
                                        + ": Connection refused\"").build();
            }
            if (stdout.length > 0) {
                throw RuleViolation.because("the client wrote " + stdout.length + " bytes to stdout though it never connected")
                        .evidence("stdout: " + new String(stdout, StandardCharsets.US_ASCII).strip())
                        .likelyCause("messages belong on stderr: stdout carries the server's replies only")
                        .build();
            }
        }
    }

    @RuleTest("CLIENT-6")
    @DisplayName("CLIENT-6 a server that never replies does not hold the client after end of input beyond a bounded wait")
    void silentServerDoesNotHoldTheClientForever(ClientUnderTest client, RuleContext rule) {
        Timeouts t = rule.timeouts();
        String lines = "first line to a silent server\nsecond line\nthird line\n";
        try (ClientSession session = ClientSession.start(client, ScriptedServer.silent(),
                "a server that reads and never replies nor closes", rule)) {
            session.type(lines);
            ScriptedConnection connection = session.connection();
            connection.awaitReceived(lines.length(), t.within(EXCHANGE));
            long endedAt = System.nanoTime();
            session.client().endInput();
            Optional<Integer> status = session.client().awaitExitBy(endedAt + t.within(SILENT_SERVER_EXIT).toNanos());
            if (status.isEmpty()) {
                RuleViolation.Builder violation = RuleViolation.because("the client's input ended, the server never "
                        + "replied nor closed, and the client was still running " + t.describe(SILENT_SERVER_EXIT) + " later");
                violation.evidence(connection.clientEndedNanos()
                        .map(at -> "the server saw end of stream " + ClientSession.seconds(at - endedAt)
                                + " after the input ended: the client half-closed and waits for replies")
                        .orElse("the server saw no end of stream: the client did not even half-close"));
                session.clientState().forEach(violation::evidence);
                throw violation.likelyCause("after end of input your client waits for the server with no bound: give up "
                        + "after a few seconds without data (SO_RCVTIMEO, poll with a timeout, or a timer that shuts the "
                        + "socket down to wake the output thread)").build();
            }
        }
    }
}
