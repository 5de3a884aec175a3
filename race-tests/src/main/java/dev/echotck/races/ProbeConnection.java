package dev.echotck.races;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a probe uses for an accepted connection: an fd number, and a count of how many times it
 * was closed. The count is atomic because it is the probe's instrument, not the code under test:
 * two racing closes must both be counted.
 */
final class ProbeConnection implements AutoCloseable {

    final int fd;
    private final AtomicInteger closes = new AtomicInteger();

    ProbeConnection(int fd) {
        this.fd = fd;
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    int closes() {
        return closes.get();
    }
}
