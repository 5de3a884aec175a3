package dev.echotck.kit.target;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import org.testcontainers.containers.GenericContainer;

import dev.echotck.kit.process.ProcessSnapshot;
import dev.echotck.kit.process.ProcessTree;
import dev.echotck.kit.process.Signals;

/**
 * A server running in a container ({@code --image}). The container shares the host's pid
 * namespace ({@code --pid=host}), so its main process is an ordinary process on this machine: its
 * pid is the one Docker reports (State.Pid), /proc shows its fds, threads and children, and a
 * signal Docker delivers to it has exactly the effect {@code kill -SIG PID} has on an --exec
 * server. In a pid namespace of its own the server would be that namespace's init, which the
 * kernel shields from every signal it has no handler for, SIGPIPE from a write included: a server
 * that dies of SIGPIPE under --exec would survive under --image, and the verdicts would differ.
 *
 * <p>Liveness is read from /proc (exact and cheap; rules ask often), the exit status from Docker.
 */
public final class ContainerProcess implements LaunchedProcess {

    private static final Duration TERM_GRACE = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(10);
    /** How long Docker may take to record an exit the kernel has already seen. */
    private static final Duration STATE_LAG = Duration.ofSeconds(5);

    private final String label;
    private final GenericContainer<?> container;
    private final String containerId;
    private final DockerClient docker;
    private final long pid;
    private final Optional<ProcessHandle> handle;
    private final Consumer<ContainerProcess> onGone;
    private volatile Integer exitCode;
    private volatile boolean removed;
    private CompletableFuture<LaunchedProcess> exit;

    /** {@code pid} 0: the main process had already exited when Docker was asked for it. */
    ContainerProcess(String label, GenericContainer<?> container, DockerClient docker, long pid,
                     Consumer<ContainerProcess> onGone) {
        this.label = label;
        this.container = container;
        this.containerId = container.getContainerId();
        this.docker = docker;
        this.pid = pid;
        this.handle = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        this.onGone = onGone;
    }

    public String containerId() {
        return containerId;
    }

    @Override
    public long pid() {
        return pid;
    }

    /** Alive until it exits; a zombie (exited, not yet reaped by containerd's shim) counts as exited. */
    @Override
    public boolean isAlive() {
        // ProcessHandle compares the start time too, so a reused pid never reads as our server.
        return handle.map(h -> h.isAlive() && ProcessSnapshot.take(pid).map(s -> !s.isZombie()).orElse(false))
                .orElse(false);
    }

    @Override
    public Optional<Integer> exitValue() {
        return isAlive() ? Optional.empty() : Optional.ofNullable(exitCode());
    }

    @Override
    public String describeExit() {
        if (isAlive()) {
            return "still running";
        }
        return exitValue().map(Signals::describeExitValue).orElse("exited (status unknown: its container is gone)");
    }

    /**
     * Sends the signal through the Docker API ({@code docker kill --signal}), which works wherever
     * the Docker socket does, even when the kit may not signal the container's processes itself.
     */
    @Override
    public boolean signal(int signal) {
        if (signal == 0) {
            return isAlive();
        }
        if (signal < 1 || signal > 64) {
            throw new IllegalArgumentException("signal must be 1..64, got " + signal);
        }
        try {
            docker.killContainerCmd(containerId).withSignal(Integer.toString(signal)).exec();
            return true;
        } catch (DockerException notRunning) { // 409 "is not running" or 404: there is nobody to signal
            return false;
        }
    }

    @Override
    public Optional<Integer> awaitExit(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (isAlive()) {
            if (System.nanoTime() - deadline > 0) {
                return Optional.empty();
            }
            if (!pause()) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(exitCode());
    }

    @Override
    public synchronized CompletableFuture<LaunchedProcess> onExit() {
        if (exit == null) {
            exit = new CompletableFuture<>();
            Thread.ofVirtual().name("echotck-exit-" + pid).start(() -> {
                while (isAlive() && !removed && pause()) {
                    // poll /proc: an exit is seen within POLL of the moment it happens
                }
                exit.complete(this);
            });
        }
        return exit;
    }

    @Override
    public ProcessTree tree() {
        return ProcessTree.capture(pid);
    }

    @Override
    public String stderrTail(int maxLines) {
        return logTail(maxLines, true);
    }

    @Override
    public String stdoutTail(int maxLines) {
        return logTail(maxLines, false);
    }

    @Override
    public String logName() {
        return "container log";
    }

    /** The exit status Docker recorded; null if the container is gone. */
    private Integer exitCode() {
        if (exitCode != null || removed) {
            return exitCode;
        }
        long deadline = System.nanoTime() + STATE_LAG.toNanos();
        try {
            while (true) {
                InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(containerId).exec().getState();
                if (!Boolean.TRUE.equals(state.getRunning()) && state.getExitCodeLong() != null) {
                    exitCode = state.getExitCodeLong().intValue();
                    return exitCode;
                }
                if (System.nanoTime() - deadline > 0 || !pause()) {
                    return null;
                }
            }
        } catch (DockerException gone) {
            return null;
        }
    }

    /** The last lines of {@code docker logs}: both streams, or stdout only. */
    private String logTail(int maxLines, boolean bothStreams) {
        if (removed || maxLines <= 0) {
            return "";
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            docker.logContainerCmd(containerId).withStdOut(true).withStdErr(bothStreams).withTail(maxLines)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            if (bothStreams || frame.getStreamType() != StreamType.STDERR) {
                                log.writeBytes(frame.getPayload());
                            }
                        }
                    }).awaitCompletion(5, TimeUnit.SECONDS);
        } catch (DockerException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
    }

    private static boolean pause() {
        try {
            Thread.sleep(POLL);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks politely (SIGTERM), then kills and removes the container. */
    @Override
    public void close() {
        if (isAlive() && signal(Signals.SIGTERM)) {
            awaitExit(TERM_GRACE);
        }
        kill();
    }

    /** Kills and removes the container at once; used on shutdown and after close's grace. */
    void kill() {
        if (!removed) {
            if (isAlive()) {
                signal(Signals.SIGKILL);
            }
            exitCode(); // read it while Docker still has it: evidence may ask for it after the removal
            removed = true;
            try {
                container.stop(); // kill, then remove with its volumes
            } catch (RuntimeException e) {
                ContainerLauncher.removeQuietly(containerId);
            }
        }
        onGone.accept(this);
    }

    @Override
    public String toString() {
        return label + " (container " + containerId.substring(0, Math.min(12, containerId.length())) + ", pid " + pid + ")";
    }
}
