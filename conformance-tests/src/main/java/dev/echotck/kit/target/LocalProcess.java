package dev.echotck.kit.target;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.echotck.kit.process.ProcessTree;
import dev.echotck.kit.process.Signals;

/** A process the kit forked: its pid, its logs, and a way to end it and its descendants for sure. */
public final class LocalProcess implements LaunchedProcess {

    private static final Duration TERM_GRACE = Duration.ofSeconds(2);

    private final String label;
    private final List<String> argv;
    private final Process process;
    private final Process guardian;
    private final Path stdout;
    private final Path stderr;
    private final boolean ownGroup;
    private final Consumer<LocalProcess> onGone;

    LocalProcess(String label, List<String> argv, Process process, Process guardian, Path stdout, Path stderr,
                    boolean ownGroup, Consumer<LocalProcess> onGone) {
        this.label = label;
        this.argv = List.copyOf(argv);
        this.process = process;
        this.guardian = guardian;
        this.stdout = stdout;
        this.stderr = stderr;
        this.ownGroup = ownGroup;
        this.onGone = onGone;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public List<String> argv() {
        return argv;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public Optional<Integer> exitValue() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** "exited with status 1", "killed by signal 13 (SIGPIPE)": what a student needs to read. */
    @Override
    public String describeExit() {
        return Signals.describeExit(process);
    }

    /** Sends a signal to the server process itself (not its group), as {@code kill -SIG PID} would. */
    @Override
    public boolean signal(int signal) {
        return Signals.send(process.pid(), signal);
    }

    /** Waits, bounded, for the process to exit; its exit value, or empty if it is still running. */
    @Override
    public Optional<Integer> awaitExit(Duration within) {
        try {
            if (process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of(process.exitValue());
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return exitValue();
        }
    }

    /** The process and everything it forked, read from /proc now: fds, threads, zombies, memory, CPU. */
    @Override
    public CompletableFuture<LaunchedProcess> onExit() {
        return process.onExit().thenApply(p -> this);
    }

    @Override
    public ProcessTree tree() {
        return ProcessTree.capture(process.pid());
    }

    @Override
    public String stderrTail(int maxLines) {
        return tail(stderr, maxLines);
    }

    @Override
    public String stdoutTail(int maxLines) {
        return tail(stdout, maxLines);
    }

    private static String tail(Path file, int maxLines) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int window = (int) Math.min(length, 8192);
            byte[] bytes = new byte[window];
            raf.seek(length - window);
            raf.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Asks politely (SIGTERM to the group), then kills the group; reaps the process. */
    @Override
    public void close() {
        if (process.isAlive()) {
            signalGroup(Signals.SIGTERM);
            try {
                process.waitFor(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kill();
    }

    /** Kills the whole group at once and reaps the leader; used on shutdown and after close's grace. */
    void kill() {
        signalGroup(Signals.SIGKILL);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (guardian != null) {
            guardian.destroyForcibly(); // the group is gone; its guardian has nothing left to guard
        }
        onGone.accept(this);
    }

    /** The server leads its own group (setsid), so the group signal reaches what it forked too. */
    private void signalGroup(int signal) {
        if (ownGroup) {
            Signals.sendToGroup(process.pid(), signal);
        }
    }

    @Override
    public String toString() {
        return label + " (pid " + process.pid() + ")";
    }
}
