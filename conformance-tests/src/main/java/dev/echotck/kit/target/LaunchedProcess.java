package dev.echotck.kit.target;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.echotck.kit.process.ProcessTree;

/**
 * The server's process, as the rules on signals, exit status, zombies and fds see it, whether the
 * kit forked it ({@link LocalProcess}: --exec, --reference, --mutant) or Docker started it in a
 * container ({@link ContainerProcess}: --image). Either way {@link #pid()} is a pid on this
 * machine whose /proc the kit reads, and a signal reaches the server process itself, as
 * {@code kill -SIG PID} would.
 */
public sealed interface LaunchedProcess extends AutoCloseable permits LocalProcess, ContainerProcess {

    /** The server's pid on this machine (for a container, the host pid of its main process). */
    long pid();

    boolean isAlive();

    /** The exit value once the process has exited: the status, or 128 + n after a death by signal n. */
    Optional<Integer> exitValue();

    /** "exited with status 1", "killed by SIGPIPE (status 141)": what a student needs to read. */
    String describeExit();

    /**
     * Sends a signal to the server process itself (not its group), as {@code kill -SIG PID} would.
     *
     * @return true if sent, false if the process is gone
     */
    boolean signal(int signal);

    /** Waits, bounded, for the process to exit; its exit value, or empty if it is still running. */
    Optional<Integer> awaitExit(Duration within);

    /** Completes when the process has exited (callbacks run close to the moment it did). */
    CompletableFuture<LaunchedProcess> onExit();

    /** The process and everything it forked, read from /proc now: fds, threads, zombies, memory, CPU. */
    ProcessTree tree();

    /** The last lines the server wrote to stderr; for a container, of its log (stdout and stderr). */
    String stderrTail(int maxLines);

    String stdoutTail(int maxLines);

    /** What {@link #stderrTail} reads, for messages: "stderr", "container log". */
    default String logName() {
        return "stderr";
    }

    /** Stops the server: asks politely (SIGTERM), then kills it and all it started; never throws. */
    @Override
    void close();
}
