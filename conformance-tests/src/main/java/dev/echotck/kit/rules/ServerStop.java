package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.process.ProcessSnapshot;
import dev.echotck.kit.process.Signals;
import dev.echotck.kit.target.LaunchedProcess;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * A stop signal sent to a launched server, and its exit as SHUT evidence: the status in words and
 * how long after the signal it came. The exit time is taken when the process ends, not when a
 * check gets round to asking, so it stays exact for checks that do something else first.
 */
final class ServerStop {

    /** The spec's bound for a whole stop: the drain period (2 s) plus a few seconds. */
    static final Duration EXIT = Duration.ofSeconds(5);

    private final ServerUnderTest server;
    private final LaunchedProcess process;
    private final int signal;
    private final long sentAt;
    private volatile long exitedAt;

    private ServerStop(ServerUnderTest server, int signal) {
        this.server = server;
        this.process = server.launched();
        this.signal = signal;
        if (!process.isAlive()) {
            throw RuleViolation.because("the server died before the kit sent " + Signals.name(signal) + ": "
                    + server.deathNotice().orElse(process.describeExit())).build();
        }
        process.onExit().thenRun(() -> exitedAt = System.nanoTime());
        this.sentAt = System.nanoTime();
        process.signal(signal);
    }

    /** Sends {@code signal} to the server's process (not its group), as {@code kill -SIG PID} does. */
    static ServerStop send(ServerUnderTest server, int signal) {
        return new ServerStop(server, signal);
    }

    String signalName() {
        return Signals.name(signal);
    }

    long sentAtNanos() {
        return sentAt;
    }

    /** When the process ended ({@link System#nanoTime()}), once it has. */
    OptionalLong exitedAtNanos() {
        long at = exitedAt;
        return at == 0 ? OptionalLong.empty() : OptionalLong.of(at);
    }

    /** The exit in words, without the time: "exited with status 0", "killed by SIGTERM (status 143)". */
    String status() {
        return process.describeExit();
    }

    /** "1.234 s": time since the signal. */
    String sinceSignal() {
        return seconds(System.nanoTime() - sentAt);
    }

    /** Waits until the process has exited or {@code within} has passed since the signal; its exit value. */
    Optional<Integer> awaitExit(Duration within) {
        long left = within.toNanos() - (System.nanoTime() - sentAt);
        return process.awaitExit(Duration.ofNanos(Math.max(0, left)));
    }

    /** Waits until the process has exited or {@code within} has passed from now; its exit value. */
    Optional<Integer> awaitExitFromNow(Duration within) {
        return process.awaitExit(within);
    }

    /** A verb phrase: "exited with status 0 2.105 s after SIGTERM", "was killed by SIGTERM (status 143) ...". */
    String describeExit() {
        if (process.isAlive()) {
            return "was still running " + sinceSignal() + " after " + signalName();
        }
        long at = exitedAt != 0 ? exitedAt : System.nanoTime(); // the exit callback may lag waitFor by a moment
        String status = process.describeExit();
        return (status.startsWith("killed") ? "was " : "") + status + " " + seconds(at - sentAt) + " after " + signalName();
    }

    /**
     * Fails unless the server exits with status 0 within {@link #EXIT} of the signal.
     *
     * @param situation      what the server was doing, for the summary: "with no client connected"
     * @param causeIfRunning the likely cause when it is still running at the deadline
     */
    void requireExitZero(Timeouts t, String situation, String causeIfRunning) {
        Optional<Integer> status = awaitExit(t.within(EXIT));
        if (status.isEmpty()) {
            RuleViolation.Builder violation = RuleViolation.because("the server was still running " + t.describe(EXIT)
                    + " after " + signalName() + " " + situation);
            process.tree().root().map(ProcessSnapshot::summary).ifPresent(s -> violation.evidence("the server now: " + s));
            disposition().ifPresent(violation::evidence);
            throw violation.likelyCause(causeIfRunning).build();
        }
        if (status.get() != 0) {
            throw RuleViolation.because("the server " + describeExit() + " " + situation + "; a graceful stop exits 0")
                    .evidence(stderrTail())
                    .likelyCause(causeOfStatus(status.get()))
                    .build();
        }
    }

    /**
     * How the server's main thread treats the signal, from the masks in /proc/PID/status:
     * "SIGINT is ignored (SigIgn)". Tells "nothing happens on the signal" from "the handler runs
     * but the stop does not finish".
     */
    private Optional<String> disposition() {
        try {
            long bit = 1L << (signal - 1);
            String how = null;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                String[] field = line.split(":\\s*", 2);
                if (field.length < 2 || !List.of("SigBlk", "SigIgn", "SigCgt").contains(field[0])) {
                    continue;
                }
                if ((Long.parseUnsignedLong(field[1].strip(), 16) & bit) != 0) {
                    how = switch (field[0]) {
                        case "SigBlk" -> "blocked (SigBlk): it stays pending and nothing runs";
                        case "SigIgn" -> "ignored (SigIgn): it has no effect at all";
                        default -> "caught by a handler (SigCgt): the signal reaches your code, but the stop does not finish";
                    };
                    if (!field[0].equals("SigCgt")) {
                        break;
                    }
                }
            }
            return Optional.of(signalName() + " in the server's main thread (/proc/" + process.pid() + "/status): "
                    + (how == null ? "default action, yet the process lives on" : how));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String stderrTail() {
        String tail = process.stderrTail(5);
        return tail.isBlank() ? "its stderr is empty" : "its stderr ends with:\n" + tail.indent(4).stripTrailing();
    }

    private String causeOfStatus(int status) {
        int killedBy = status - 128;
        if (killedBy == signal) {
            return "nothing handles " + signalName() + ", so its default action killed the process. Install a handler "
                    + "(sigaction) that starts the graceful stop; in Java a shutdown hook is not enough (the JVM runs "
                    + "the hooks and still exits " + status + "): handle the signal (sun.misc.Signal) and return from main";
        }
        if (killedBy > 0 && killedBy <= 64) {
            return "the process was killed by " + Signals.name(killedBy) + " while stopping: a crash in the stop code, "
                    + "or a signal handler that calls functions that are not async-signal-safe (printf, malloc, exit); "
                    + "set a flag or write to a pipe in the handler, and do the work outside it";
        }
        return "the stop path ends with a non-zero status: an accept loop that treats the error the stop causes "
                + "(EINTR, a closed listening socket) as a failure, or an exception during the stop; after a requested "
                + "stop, exit 0";
    }

    ServerUnderTest server() {
        return server;
    }

    static String seconds(long nanos) {
        return String.format("%.3f s", nanos / 1e9);
    }
}
