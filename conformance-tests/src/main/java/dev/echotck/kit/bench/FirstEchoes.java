package dev.echotck.kit.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The warmup starts only when every connection has had its first echo (or failed): pingpong and
 * stream measure a server in its steady state, and a forking server whose children are JVMs
 * needs seconds on a busy machine before its last client is served. What that costs is reported
 * ({@link LoadResult#setupSeconds()}), and measured as such by the connect mode.
 */
final class FirstEchoes {

    /** A connection still silent after this is left alone, and reported as stalled if it stays so. */
    static final Duration BOUND = Duration.ofSeconds(30);

    private final CountDownLatch pending;
    private final long start = System.nanoTime();

    FirstEchoes(int connections) {
        this.pending = new CountDownLatch(connections);
    }

    /** Each connection calls this once: on its first echo, or when it fails. */
    void arrived() {
        pending.countDown();
    }

    /** Waits, bounded; the seconds from the first connect until every connection had echoed (or the bound). */
    double await() throws InterruptedException {
        pending.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        return (System.nanoTime() - start) / 1e9;
    }
}
