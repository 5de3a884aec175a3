package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * How much of a window a process tree's threads spent wanting a CPU: running on one, or waiting in
 * the run queue for one, read from {@code /proc/PID/task/TID/schedstat}.
 *
 * <p>Why not CPU time: on a busy machine a spinning thread gets only its share of the cores. With
 * ten runnable tasks on two cores it runs about 20% of the time and waits the rest, so "uses less
 * than 25% of a core" cannot tell it from an idle thread. A spinning thread is runnable all the
 * time however busy the machine is; an idle one almost never.
 */
final class RunnableTime {

    /** Per thread: nanoseconds on a CPU plus nanoseconds waiting for one, since it started. */
    private final Map<Long, Long> start;
    private final long startNanos;
    private final List<Long> pids;

    private RunnableTime(List<Long> pids, Map<Long, Long> start, long startNanos) {
        this.pids = List.copyOf(pids);
        this.start = start;
        this.startNanos = startNanos;
    }

    /** Samples now, or empty when the kernel keeps no schedstat (CONFIG_SCHED_INFO off). */
    static Optional<RunnableTime> start(List<Long> pids) {
        Map<Long, Long> now = sample(pids);
        return now.isEmpty() ? Optional.empty()
                : Optional.of(new RunnableTime(pids, now, System.nanoTime()));
    }

    /**
     * The busiest thread's runnable fraction since the start: 1.0 means it was running or waiting to
     * run all the time. Threads that started meanwhile count from zero; threads that ended are lost.
     */
    OptionalDouble busiestThreadSinceStart() {
        Map<Long, Long> now = sample(pids);
        double wall = System.nanoTime() - startNanos;
        return now.entrySet().stream()
                .mapToDouble(e -> (e.getValue() - start.getOrDefault(e.getKey(), 0L)) / wall)
                .max();
    }

    private static Map<Long, Long> sample(List<Long> pids) {
        Map<Long, Long> threads = new HashMap<>();
        for (long pid : pids) {
            Path tasks = Path.of("/proc", Long.toString(pid), "task");
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(tasks)) {
                for (Path task : entries) {
                    runnableNanos(task.resolve("schedstat")).ifPresent(
                            nanos -> threads.put(Long.parseLong(task.getFileName().toString()), nanos));
                }
            } catch (IOException | RuntimeException e) {
                // the process ended meanwhile: its threads are lost, as documented
            }
        }
        return threads;
    }

    // "on-cpu-ns runqueue-wait-ns timeslices"
    private static OptionalLong runnableNanos(Path schedstat) {
        try {
            String[] fields = String.join(" ", Files.readAllLines(schedstat)).strip().split("\\s+");
            return OptionalLong.of(Long.parseLong(fields[0]) + Long.parseLong(fields[1]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
