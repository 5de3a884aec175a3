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
 * @param stalled     connections that were fine but completed nothing in the window (a server that serves one client at a time)
 * @param errors      what went wrong, for the first few failed connections
 * @param setupSeconds from the first connect until every connection had its first echo (see {@link FirstEchoes})
 */
public record LoadResult(long ops, long bytes, double seconds, Latency latency, int connections, int failed, int stalled,
                         List<String> errors, double setupSeconds) {

    public LoadResult {
        errors = List.copyOf(errors);
    }

    /** Whether every byte that came back was right, every connection lived and every one was served. */
    public boolean clean() {
        return failed == 0 && stalled == 0;
    }
}
