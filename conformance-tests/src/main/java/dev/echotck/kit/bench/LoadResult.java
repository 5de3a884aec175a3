package dev.echotck.kit.bench;

import java.util.List;

/**
 * What a generator measured in the window.
 *
 * @param ops         round trips (pingpong), size-sized chunks echoed (stream), connections completed (connect)
 * @param bytes       bytes echoed and verified
 * @param seconds     the measured window
 * @param latency     percentiles, or null when the mode measures none (stream) or nothing completed
 * @param connections connections (connect: slots) the generator ran
 * @param failed      connections that got wrong bytes or lost their connection; they stopped counting then
 * @param stalled     connections that were fine but completed nothing in the window: the server starved them
 *                    (one that serves one client at a time, or a scheduler that lets some connections run on)
 * @param slowestShare what the slowest live connection completed, as a share of the live connections' mean:
 *                    1.0 all were served alike, 0 one was starved; NaN when none was live
 * @param errors      what went wrong, for the first few failed connections
 * @param setupSeconds from the first connect until every connection had its first echo (see {@link FirstEchoes});
 *                     NaN if some connection had none within the bound
 */
public record LoadResult(long ops, long bytes, double seconds, Latency latency, int connections, int failed, int stalled,
                         double slowestShare, List<String> errors, double setupSeconds) {

    public LoadResult {
        errors = List.copyOf(errors);
    }

    /** Whether every byte that came back was right and no connection was lost: only then does the number count. */
    public boolean clean() {
        return failed == 0;
    }

    /** The share of the slowest connection, from what each live connection completed in the window. */
    static double slowestShare(long[] live) {
        if (live.length == 0) {
            return Double.NaN;
        }
        double mean = java.util.Arrays.stream(live).average().orElse(0);
        return mean == 0 ? 0 : java.util.Arrays.stream(live).min().orElse(0) / mean;
    }
}
