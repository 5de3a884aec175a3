package dev.echotck.kit.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts every process the kit runs, so that none outlives the kit: not on success, not on
 * failure, not on Ctrl-C, not even when the kit's JVM is killed with SIGKILL.
 *
 * <p>Three layers, because each covers a case the others miss:
 * <ol>
 *   <li>A shutdown hook kills every live process group on normal exit and on SIGINT/SIGTERM.</li>
 *   <li>Each process starts under {@code setpriv --pdeathsig KILL}: the kernel kills it when the
 *       kit dies, SIGKILL included. PR_SET_PDEATHSIG fires when the <em>thread</em> that forked
 *       the child ends, not the process, so every child is forked from one long-lived spawner
 *       thread; forking from a short-lived test thread would kill the server mid-run.</li>
 *   <li>The death signal reaches only that one process, not what it forks (a forked server's
 *       children). Each process therefore leads its own process group ({@code setsid}), and a
 *       small guardian shell, outside the group and immune to terminal signals, holds a pipe from
 *       the kit: when the kit dies the pipe closes and the guardian kills the whole group.</li>
 * </ol>
 *
 * <p>Each process also starts with every signal at its default action and unblocked
 * ({@code env --default-signal}), as a service manager starts a server. Ignored signals survive
 * {@code exec}: a kit started in the background by a script has SIGINT ignored, and its servers
 * would inherit that (a JVM then refuses to handle SIGINT at all), so SHUT-6's verdict would
 * depend on how the kit was started.
 */
public final class ProcessLauncher {

    private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "echotck-spawner");
        thread.setDaemon(true);
        return thread;
    });
    private static final Set<LocalProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final boolean HAS_SETPRIV = Files.isExecutable(Path.of("/usr/bin/setpriv"));
    private static final boolean HAS_SETSID = Files.isExecutable(Path.of("/usr/bin/setsid"));
    private static final boolean HAS_DEFAULT_SIGNAL = supportsDefaultSignal();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessLauncher::killAll, "echotck-reaper"));
    }

    private ProcessLauncher() {
    }

    /**
     * Starts {@code argv} in a new process group with stdin from /dev/null and stdout/stderr
     * into files under {@code logDir}.
     */
    public static LocalProcess launch(List<String> argv, Path logDir, String label) {
        return launch(argv, logDir, label, false);
    }

    /**
     * Like {@link #launch(List, Path, String)}, but for a client the kit types into and reads from:
     * stdin and stdout are pipes the kit holds ({@code process().getOutputStream()} and
     * {@code getInputStream()}); stderr still goes to a file. Signal dispositions are reset as for a
     * server: CLIENT-4's verdict must not depend on how the kit was started either.
     */
    public static LocalProcess launchInteractive(List<String> argv, Path logDir, String label) {
        return launch(argv, logDir, label, true);
    }

    private static LocalProcess launch(List<String> argv, Path logDir, String label, boolean interactive) {
        try {
            Files.createDirectories(logDir);
            Path stdout = Files.createTempFile(logDir, label + "-", ".out");
            Path stderr = Files.createTempFile(logDir, label + "-", ".err");
            List<String> command = new ArrayList<>();
            if (HAS_SETPRIV) {
                command.addAll(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL", "--"));
            }
            if (HAS_SETSID) {
                command.add("/usr/bin/setsid");
            }
            if (HAS_DEFAULT_SIGNAL) {
                command.addAll(List.of("/usr/bin/env", "--default-signal", "--"));
            }
            command.addAll(argv);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(interactive ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(interactive ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.to(stdout.toFile()))
                    .redirectError(stderr.toFile());
            Process process = onSpawner(builder::start);
            Process guardian = HAS_SETSID ? onSpawner(() -> startGuardian(process.pid())) : null;
            LocalProcess launched = new LocalProcess(label, argv, process, guardian, stdout, stderr,
                    HAS_SETSID, LIVE::remove);
            LIVE.add(launched);
            return launched;
        } catch (IOException e) {
            throw new TargetSetupException("cannot start " + String.join(" ", argv) + ": " + e.getMessage());
        }
    }

    /** GNU env 8.31 and later resets signal dispositions; older ones, and other envs, reject the option. */
    private static boolean supportsDefaultSignal() {
        try {
            Process probe = new ProcessBuilder("/usr/bin/env", "--default-signal", "--", "/bin/true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills the group {@code pgid} once its stdin (a pipe held by the kit) reaches end of file. */
    private static Process startGuardian(long pgid) throws IOException {
        String script = "trap '' INT TERM HUP; read _; kill -KILL -" + pgid + " 2>/dev/null; exit 0";
        return new ProcessBuilder("/usr/bin/setsid", "/bin/sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private interface Spawn {
        Process start() throws IOException;
    }

    private static Process onSpawner(Spawn spawn) throws IOException {
        try {
            return SPAWNER.submit(spawn::start).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting a process", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    static void killAll() {
        for (LocalProcess process : Set.copyOf(LIVE)) {
            process.kill();
        }
    }
}
