package dev.echotck.kit.bench;

import java.time.Duration;

/**
 * The load of one run: the same for every target and generator of a comparison.
 *
 * @param connections pingpong and stream: connections open at once; connect: connections being
 *                    opened at once (each slot opens, echoes one byte, closes, and starts over)
 * @param size        pingpong: the message; stream: the size of each write; connect: unused (1 byte)
 * @param warmup      load before the measured window, not counted (JIT, caches, a forking server's children)
 * @param duration    the measured window
 */
public record Load(BenchMode mode, int connections, int size, Duration warmup, Duration duration) {

    public Load {
        if (connections < 1) {
            throw new IllegalArgumentException("--connections must be at least 1, got " + connections);
        }
        if (size < 1) {
            throw new IllegalArgumentException("--size must be at least 1 byte, got " + size);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive, got " + duration.toMillis() + " ms");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
    }

    /** "pingpong, 16 connections, 64 B messages, 2 s warmup, 5 s measured". */
    public String describe() {
        String what = switch (mode) {
            case PINGPONG -> ", " + Units.bytes(size) + " messages";
            case STREAM -> ", " + Units.bytes(size) + " writes";
            case CONNECT -> " at once, 1 byte each";
        };
        return mode.label() + ", " + connections + " connections" + what + ", " + Units.seconds(warmup) + " warmup, "
                + Units.seconds(duration) + " measured";
    }
}
