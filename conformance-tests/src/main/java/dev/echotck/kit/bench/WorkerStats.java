package dev.echotck.kit.bench;

import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * What one load thread counted in the measured window. Each thread has its own (no locks, no
 * shared cache lines on the hot path); the generator adds them up at the end.
 */
final class WorkerStats {

    /** Enough to show what went wrong; a thousand connections that all fail the same way need not repeat it. */
    private static final int ERRORS_KEPT = 5;

    final Histogram latency = Latency.newHistogram();
    long ops;
    long bytes;
    int failed;
    final List<String> errors = new ArrayList<>();

    void completed(long nanos) {
        ops++;
        latency.recordValue(Math.min(nanos, Latency.HIGHEST_NANOS));
    }

    void failed(String what) {
        failed++;
        if (errors.size() < ERRORS_KEPT) {
            errors.add(what);
        }
    }

    /** @param live what each connection that did not fail completed in the window (round trips, bytes, connections) */
    static LoadResult sum(List<WorkerStats> all, BenchMode mode, int size, int connections, long[] live, double seconds,
                          double setupSeconds) {
        Histogram latency = Latency.newHistogram();
        long ops = 0;
        long bytes = 0;
        int failed = 0;
        List<String> errors = new ArrayList<>();
        for (WorkerStats stats : all) {
            latency.add(stats.latency);
            ops += stats.ops;
            bytes += stats.bytes;
            failed += stats.failed;
            stats.errors.stream().limit(ERRORS_KEPT - errors.size()).forEach(errors::add);
        }
        if (mode == BenchMode.STREAM) {
            ops = bytes / size;
        } else {
            bytes = mode == BenchMode.PINGPONG ? ops * size : ops;
        }
        return new LoadResult(ops, bytes, seconds, mode.measuresLatency() && ops > 0 ? Latency.of(latency) : null,
                connections, failed, (int) java.util.Arrays.stream(live).filter(n -> n == 0).count(),
                LoadResult.slowestShare(live), errors, setupSeconds);
    }
}
