package dev.echotck.kit.process;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the stat line of every process on the machine.
 *
 * <p>Why a full scan rather than /proc/PID/task/TID/children: that file needs CONFIG_PROC_CHILDREN,
 * which some kernels (this project's CI VM among them) lack, and it must be read for every thread.
 * A scan costs one small read per process, a few milliseconds for a few hundred processes.
 */
final class ProcScan {

    private static final Path PROC = Path.of("/proc");

    private ProcScan() {
    }

    /** Not atomic: a process forked during the scan may be missed, one that exits is simply absent. */
    static List<ProcStat> all() {
        List<ProcStat> stats = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcScan::isPidDir)) {
            for (Path entry : entries) {
                ProcStat.read(Long.parseLong(entry.getFileName().toString())).ifPresent(stats::add);
            }
        } catch (IOException | DirectoryIteratorException e) {
            throw new IllegalStateException("cannot list /proc: is this Linux with procfs mounted?", e);
        }
        return stats;
    }

    private static boolean isPidDir(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
