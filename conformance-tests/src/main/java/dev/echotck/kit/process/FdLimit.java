package dev.echotck.kit.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starting a server with a lower open-files limit (RLIMIT_NOFILE), and reading a running
 * process's limit back.
 *
 * <p>Why prlimit: Java cannot set a child's rlimits between fork and exec. util-linux
 * {@code prlimit --nofile=N:N -- cmd} sets its own limit and then execs {@code cmd}, so the pid the
 * kit sees is the server's own pid and the limit is inherited by its children.
 */
public final class FdLimit {

    public static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

    /** How /proc/PID/limits' "unlimited" (RLIM_INFINITY) is reported. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private static final String MAX_OPEN_FILES = "Max open files";

    /** The soft limit is the one open/accept fail at (EMFILE); the hard limit caps raising it. */
    public record Limits(long soft, long hard) {
    }

    private FdLimit() {
    }

    public static boolean isAvailable() {
        return Files.isExecutable(PRLIMIT);
    }

    /**
     * {@code [/usr/bin/prlimit, --nofile=N:N, --]}: put it in front of the server's argv. Soft and hard
     * are both N, so the server cannot raise it back. N must not exceed the kit's own hard limit:
     * lowering is free, raising needs CAP_SYS_RESOURCE.
     */
    public static List<String> commandPrefix(int maxOpenFiles) {
        if (maxOpenFiles < 1) {
            throw new IllegalArgumentException("maxOpenFiles must be at least 1, got " + maxOpenFiles);
        }
        if (!isAvailable()) {
            throw new IllegalStateException(PRLIMIT + " not found (package util-linux)");
        }
        return List.of(PRLIMIT.toString(), "--nofile=" + maxOpenFiles + ":" + maxOpenFiles, "--");
    }

    public static List<String> wrap(int maxOpenFiles, List<String> command) {
        List<String> wrapped = new ArrayList<>(commandPrefix(maxOpenFiles));
        wrapped.addAll(command);
        return List.copyOf(wrapped);
    }

    /** The open-files limit of {@code pid}; empty if the process is gone. */
    public static Optional<Limits> of(long pid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"));
        } catch (IOException e) {
            return Optional.empty();
        }
        return lines.stream().filter(line -> line.startsWith(MAX_OPEN_FILES)).findFirst().map(FdLimit::parse);
    }

    // "Max open files            1024                 1048576              files"
    static Limits parse(String line) {
        String[] values = line.substring(MAX_OPEN_FILES.length()).strip().split("\\s+");
        return new Limits(value(values[0]), value(values[1]));
    }

    private static long value(String text) {
        return text.equals("unlimited") ? UNLIMITED : Long.parseLong(text);
    }
}
