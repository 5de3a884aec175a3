package dev.echotck.kit.bench;

import org.HdrHistogram.Histogram;

/** Latency percentiles of one run, in nanoseconds (a round trip in pingpong, open-echo-close in connect). */
public record Latency(long p50, long p90, long p99, long p999, long p9999, long max) {

    /** The most a histogram records; anything slower counts as this (a minute: nothing a bench would wait for). */
    static final long HIGHEST_NANOS = 60_000_000_000L;

    static Histogram newHistogram() {
        return new Histogram(HIGHEST_NANOS, 3);
    }

    static Latency of(Histogram histogram) {
        return new Latency(histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9),
                histogram.getValueAtPercentile(99.99), histogram.getMaxValue());
    }
}
