package dev.echotck.kit.bench;

/**
 * Warmup, measured window, stop: set by the thread that keeps the time, read by the load threads
 * once per operation. An operation counts if it completes while the window is open.
 */
final class Phase {

    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;

    private volatile int phase = WARMUP;

    void measure() {
        phase = MEASURE;
    }

    void stop() {
        phase = STOP;
    }

    boolean measuring() {
        return phase == MEASURE;
    }

    boolean running() {
        return phase != STOP;
    }
}
