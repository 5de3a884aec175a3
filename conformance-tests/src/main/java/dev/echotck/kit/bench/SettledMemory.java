package dev.echotck.kit.bench;

import java.time.Duration;

import dev.echotck.kit.process.TreeMemory;
import dev.echotck.kit.process.TreeMemory.Footprint;

/**
 * A server tree's memory once it has stopped moving: a JVM that just started is still loading
 * classes and compiling, and one that just took 1000 connections still touches heap and stacks.
 * Read once a second until two readings in a row differ by at most 1% of PSS, or until the bound:
 * then the last reading is taken as it is and reported as unsettled.
 *
 * @param footprint the last reading
 * @param settled   whether two readings a second apart agreed within 1%
 * @param waited    from the first reading to the last
 */
record SettledMemory(Footprint footprint, boolean settled, Duration waited) {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final double TOLERANCE = 0.01;
    static final Duration BOUND = Duration.ofSeconds(20);

    static SettledMemory of(long rootPid) throws InterruptedException {
        long start = System.nanoTime();
        Footprint previous = TreeMemory.footprint(rootPid);
        while (true) {
            Thread.sleep(INTERVAL);
            Footprint now = TreeMemory.footprint(rootPid);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            if (now.isEmpty() || agree(previous, now)) {
                return new SettledMemory(now, !now.isEmpty(), waited);
            }
            if (waited.compareTo(BOUND) >= 0) {
                return new SettledMemory(now, false, waited);
            }
            previous = now;
        }
    }

    /**
     * Same processes, PSS within 1%. Not the same threads: a JVM starts and stops compiler and GC
     * threads by itself, and that must not keep a reading from settling.
     */
    static boolean agree(Footprint a, Footprint b) {
        return a.processes() == b.processes()
                && Math.abs(a.pssBytes() - b.pssBytes()) <= TOLERANCE * Math.max(a.pssBytes(), b.pssBytes());
    }
}
