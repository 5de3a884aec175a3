package dev.echotck.kit.target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.echotck.kit.process.ProcessGroup;
import dev.echotck.kit.process.ProcessSnapshot;
import dev.echotck.kit.process.Signals;
import dev.echotck.kit.process.ThreadStates;

/**
 * A client the kit started for one check. The kit types into its stdin (a pipe it holds, so the
 * client's input stays open and idle until the kit ends it), collects its stdout as it arrives,
 * and notes when it exited. Closing it kills the client and everything it forked at once (SIGKILL
 * to its group): a client has no graceful stop to wait for, and a hanging one must not cost the
 * check a grace period.
 */
public final class ClientProcess implements AutoCloseable {

    /** The kit writes only small inputs, which fit the pipe: a write never waits for the client. */
    private static final int MAX_TYPED = 48 * 1024;

    private final LocalProcess launched;
    private final OutputStream stdin;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream(); // guarded by this
    private final long startNanos = System.nanoTime();
    private volatile long exitNanos;
    private volatile boolean stdoutClosed;
    private int typed;
    private String typingProblem;

    ClientProcess(LocalProcess launched) {
        this.launched = launched;
        this.stdin = launched.process().getOutputStream();
        InputStream out = launched.process().getInputStream();
        Thread.ofPlatform().daemon().name("echotck-client-stdout-" + launched.pid()).start(() -> capture(out));
        launched.process().onExit().thenRun(() -> exitNanos = System.nanoTime());
    }

    public long pid() {
        return launched.pid();
    }

    /** Nanos (System.nanoTime) when the client was started. */
    public long startNanos() {
        return startNanos;
    }

    /** Writes {@code text} (ASCII) to the client's stdin, as a user typing it or a pipe feeding it. */
    public synchronized void type(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        typed += bytes.length;
        if (typed > MAX_TYPED) {
            throw new IllegalArgumentException("a check types at most " + MAX_TYPED + " bytes into a client");
        }
        try {
            stdin.write(bytes);
            stdin.flush();
        } catch (IOException e) {
            typingProblem = "typing into the client failed (" + e.getMessage() + "): it had closed its stdin or exited";
        }
    }

    /** Closes the client's stdin: it reads end of file, as after Ctrl-D or at the end of a piped file. */
    public synchronized void endInput() {
        try {
            stdin.close();
        } catch (IOException e) {
            typingProblem = "closing the client's stdin failed: " + e.getMessage();
        }
    }

    /** Why typing failed, if it did. */
    public synchronized Optional<String> typingProblem() {
        return Optional.ofNullable(typingProblem);
    }

    /** Everything the client wrote to stdout so far. */
    public synchronized byte[] stdout() {
        return stdout.toByteArray();
    }

    /**
     * Waits until stdout holds at least {@code length} bytes, the client closed its stdout (it
     * exited), or the bound passed; returns what stdout holds then.
     */
    public synchronized byte[] awaitStdout(int length, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (stdout.size() < length && !stdoutClosed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return stdout.toByteArray();
    }

    /** Waits, bounded, for the client to exit; its exit value, or empty if it is still running. */
    public Optional<Integer> awaitExit(Duration within) {
        return launched.awaitExit(within);
    }

    /** Waits until the client has exited or {@code deadlineNanos} (System.nanoTime) has passed. */
    public Optional<Integer> awaitExitBy(long deadlineNanos) {
        return awaitExit(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
    }

    public boolean isAlive() {
        return launched.isAlive();
    }

    /** When it exited (System.nanoTime), as seen by the kit's process reaper; empty while it runs. */
    public Optional<Long> exitNanos() {
        long at = exitNanos;
        return at == 0 ? Optional.empty() : Optional.of(at);
    }

    /** "exited with status 1", "killed by SIGINT (status 130)", "still running". */
    public String describeExit() {
        return launched.describeExit();
    }

    /** Sends {@code signal} to the client process alone, as {@code kill -SIG PID} does. */
    public boolean signal(int signal) {
        return launched.signal(signal);
    }

    /**
     * Sends {@code signal} to the client's process group, as a terminal does for Ctrl-C; to the
     * client alone where it does not lead a group of its own (no setsid on this machine).
     */
    public boolean signalGroup(int signal) {
        return leadsOwnGroup() ? Signals.sendToGroup(pid(), signal) : signal(signal);
    }

    public boolean leadsOwnGroup() {
        return ProcessGroup.of(pid()) == pid();
    }

    /** The processes left in the client's group, zombies excluded (those are being reaped). */
    public List<ProcessSnapshot> survivors() {
        return ProcessGroup.members(pid()).stream().filter(p -> !p.isZombie()).toList();
    }

    /** Its threads and what each is blocked in, one per line (JVM housekeeping threads left out). */
    public List<String> threads() {
        return ThreadStates.describeApplicationThreads(pid(), 12);
    }

    /** The last lines of its stderr. */
    public String stderrTail(int maxLines) {
        return launched.stderrTail(maxLines);
    }

    /** Its stderr's non-blank lines, up to the last 50. */
    public List<String> stderrLines() {
        return launched.stderrTail(50).lines().filter(l -> !l.isBlank()).toList();
    }

    private void capture(InputStream out) {
        byte[] buffer = new byte[16 * 1024];
        try (out) {
            int n;
            while ((n = out.read(buffer)) > 0) {
                synchronized (this) {
                    stdout.write(buffer, 0, n);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the kit closed the pipe (close()), or the client is gone
        } finally {
            synchronized (this) {
                stdoutClosed = true;
                notifyAll();
            }
        }
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the client may be gone already
        }
        launched.kill();
    }

    @Override
    public String toString() {
        return "client (pid " + pid() + ")";
    }
}
