package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.echotck.kit.process.ProcessSnapshot;
import dev.echotck.kit.process.ProcessTree;

/**
 * One thread of the server's processes, read from {@code /proc/PID/task/TID/stat} and
 * {@code schedstat}: its name (what the program called it, cut to 15 characters), its state and how
 * long it has wanted a CPU. HYG-3 names the threads that stayed, HYG-5 the ones that never rest.
 *
 * @param pid            the process it belongs to
 * @param tid            its thread id; the process's main thread has tid == pid
 * @param name           comm: "java", "echo-51234", "Thread-7", ...
 * @param state          R running or ready to run, S sleeping, D disk wait, ...
 * @param cpuTicks       user + system time in clock ticks
 * @param runnableNanos  time on a CPU plus time waiting in a run queue for one (schedstat), or -1 where
 *                       the kernel does not report it (no CONFIG_SCHED_INFO)
 */
record ServerThread(long pid, long tid, String name, char state, long cpuTicks, long runnableNanos) {

    boolean isMain() {
        return tid == pid;
    }

    /** The threads of every live (not zombie) process of the tree, main threads included. */
    static List<ServerThread> of(ProcessTree tree) {
        List<ServerThread> threads = new ArrayList<>();
        for (ProcessSnapshot process : tree.processes()) {
            if (!process.isZombie()) {
                threads.addAll(of(process.pid()));
            }
        }
        return threads;
    }

    static List<ServerThread> of(long pid) {
        List<ServerThread> threads = new ArrayList<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tasks)) {
            for (Path entry : entries) {
                read(pid, entry).ifPresent(threads::add);
            }
        } catch (IOException | DirectoryIteratorException e) {
            // the process exited while we looked: it has no threads left
        }
        return threads;
    }

    private static Optional<ServerThread> read(long pid, Path taskDir) {
        try {
            String line = Files.readString(taskDir.resolve("stat"));
            // comm may hold spaces and ')': the fields after it start after the LAST ')'
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            String[] rest = line.substring(close + 2).trim().split(" +");
            // rest[0] is field 3 (state); utime and stime are fields 14 and 15
            long ticks = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
            return Optional.of(new ServerThread(pid, Long.parseLong(line.substring(0, open).trim()),
                    line.substring(open + 1, close), rest[0].charAt(0), ticks, runnableNanos(taskDir)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the thread ended while we read it
        }
    }

    // "1123398207 96044188 154": nanoseconds on a CPU, nanoseconds waiting for one, time slices
    private static long runnableNanos(Path taskDir) {
        try {
            String[] fields = Files.readString(taskDir.resolve("schedstat")).trim().split(" +");
            long onCpu = Long.parseLong(fields[0]);
            long waiting = Long.parseLong(fields[1]);
            return onCpu == 0 && waiting == 0 && Long.parseLong(fields[2]) == 0 ? -1 : onCpu + waiting;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * "16 x 'Thread-#' (S)": threads grouped by name with digits folded, so that sixteen handler
     * threads read as one line of evidence.
     */
    static String describeGroups(List<ServerThread> threads, int maxGroups) {
        Map<String, Long> groups = threads.stream().collect(Collectors.groupingBy(
                t -> "'" + t.name().replaceAll("\\d+", "#") + "' (" + t.state() + ")", TreeMap::new, Collectors.counting()));
        List<String> parts = groups.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getValue() + " x " + e.getKey())
                .toList();
        String shown = String.join(", ", parts.subList(0, Math.min(maxGroups, parts.size())));
        return parts.size() > maxGroups ? shown + ", ..." : shown;
    }
}
