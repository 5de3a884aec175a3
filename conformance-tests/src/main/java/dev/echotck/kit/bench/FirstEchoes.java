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

    private final CountDownLatch pending;
    private final Duration bound;
    private final long start = System.nanoTime();

    FirstEchoes(int connections) {
        this.pending = new CountDownLatch(connections);
        this.bound = bound(connections);
    }

    /**
     * How long to wait for the last first echo: a forking server whose children are JVMs needs
     * about 0.1 s per child on a busy 2-core machine, so 5 s plus a quarter of a second per
     * connection, at most a minute. A connection still silent then is left alone (a server that
     * serves one client at a time never answers the others) and shows as starved.
     */
    static Duration bound(int connections) {
        return Duration.ofMillis(Math.min(60_000, 5_000 + 250L * connections));
    }

    /** Each connection calls this once: on its first echo, or when it fails. */
    void arrived() {
        pending.countDown();
    }

    /** Waits, bounded; the seconds from the first connect until every connection had echoed, or NaN if some never did. */
    double await() throws InterruptedException {
        boolean all = pending.await(bound.toMillis(), TimeUnit.MILLISECONDS);
        return all ? (System.nanoTime() - start) / 1e9 : Double.NaN;
    }
}
