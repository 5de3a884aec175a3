package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.echotck.kit.check.EchoExpectation;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.process.ProcessSnapshot;
import dev.echotck.kit.target.LaunchedProcess;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * Line exchanges for the ROB checks, which disturb a server and then ask: is it still running,
 * does a client it was already serving still get its echo, is a new client accepted? A server
 * that died is reported as dead, with the rule's own likely cause, never as a wrong echo.
 */
final class SurvivalCheck {

    /** How long one line's echo (or a connect) may take: generous for a loaded 2-core machine. */
    static final Duration EXCHANGE = Duration.ofSeconds(5);

    /** How long the JDK may take to reap a server that has exited. */
    private static final Duration REAP = Duration.ofSeconds(2);

    private final ServerUnderTest server;
    private final Timeouts timeouts;
    private final String causeIfDied;
    private final String causeIfUnserved;
    private final List<String> notes = new ArrayList<>();
    private int lines;

    /**
     * @param causeIfDied     the likely cause when the server process is gone, in the rule's terms
     * @param causeIfUnserved the likely cause when it is alive but a client got no echo
     */
    SurvivalCheck(ServerUnderTest server, Timeouts timeouts, String causeIfDied, String causeIfUnserved) {
        this.server = server;
        this.timeouts = timeouts;
        this.causeIfDied = causeIfDied;
        this.causeIfUnserved = causeIfUnserved;
    }

    /** Connects {@code who}; a server that died or stopped listening {@code when} is reported as such. */
    EchoClient connect(String who, String when) {
        failIfDied(when);
        try {
            return EchoClient.connect(server, timeouts.within(EXCHANGE));
        } catch (RuleViolation e) {
            failIfDied(when);
            throw violation(who + " could not connect " + when).evidence(e.summary()).build();
        }
    }

    /** Sends {@code who} one numbered line and expects exactly that line back within the exchange bound. */
    void exchange(EchoClient client, String who, String when) throws IOException {
        exchange(client, who, when, EXCHANGE);
    }

    /** Like {@link #exchange(EchoClient, String, String)}, with another bound (scaled). */
    void exchange(EchoClient client, String who, String when, Duration bound) throws IOException {
        byte[] line = ("robustness line " + (++lines) + " from " + who + "\n").getBytes(StandardCharsets.US_ASCII);
        echo(client, who, line, when, bound);
    }

    /** Sends {@code bytes} and expects exactly them back within {@code bound} (scaled). */
    void echo(EchoClient client, String who, byte[] bytes, String when, Duration bound) throws IOException {
        try {
            client.write(bytes, timeouts.within(bound));
        } catch (IOException e) {
            failIfDied(when);
            throw violation(who + " could not send " + when + ": " + e.getMessage()).build();
        }
        ReadResult got = client.read(bytes.length, timeouts.within(bound));
        if (Arrays.equals(got.bytes(), bytes)) {
            return;
        }
        failIfDied(when);
        if (got.length() > 0) {
            EchoExpectation.assertEchoed("what " + who + " sent " + when, bytes, got, timeouts.describe(bound), server);
        }
        throw violation("no echo for " + who + " " + when + ": " + got.describeEnd())
                .evidence("sent: " + printable(bytes))
                .evidence("waited " + timeouts.describe(bound) + " for its echo")
                .build();
    }

    /** A line of evidence added to every violation this check reports from now on. */
    void note(String evidence) {
        notes.add(evidence);
    }

    /** A server whose process is gone fails the rule here, with its exit status and stderr as evidence. */
    void failIfDied(String when) {
        awaitReapIfExited(server);
        server.deathNotice().ifPresent(notice -> {
            RuleViolation.Builder violation = RuleViolation.because("the server died " + when).evidence(notice);
            notes.forEach(violation::evidence);
            throw violation.likelyCause(causeIfDied).build();
        });
    }

    /**
     * A process that has exited stays a zombie until the JDK's reaper thread waits for it, and until
     * then it reads as alive. A server that just died (its sockets already closed by the kernel) is
     * given that moment, so its death is reported as a death, not as a connection it reset.
     */
    static void awaitReapIfExited(ServerUnderTest server) {
        server.process().filter(LaunchedProcess::isAlive).ifPresent(process -> {
            if (ProcessSnapshot.take(process.pid()).map(ProcessSnapshot::isZombie).orElse(true)) {
                process.awaitExit(REAP);
            }
        });
    }

    /** A violation for a live server that did not serve a client, with the notes so far and the rule's cause. */
    RuleViolation.Builder violation(String summary) {
        RuleViolation.Builder violation = RuleViolation.because(summary);
        notes.forEach(violation::evidence);
        return violation.likelyCause(causeIfUnserved);
    }

    private static String printable(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        return '"' + text.replace("\n", "\\n") + '"';
    }
}
