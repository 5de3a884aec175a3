package dev.echotck.kit.bench;

import java.nio.ByteBuffer;

/**
 * What the generator sends: 64 KiB of pseudo-random bytes, repeated. Every byte value occurs, so a
 * server that treats the bytes as text (stops at a zero byte, decodes and re-encodes UTF-8)
 * changes them and is caught. Each connection starts at its own offset, so bytes that reach the
 * wrong client are caught too.
 *
 * <p>Stored twice in a row in one direct buffer: any window of up to {@link #LENGTH} bytes from
 * any offset is contiguous, so a write sends straight from it and a check compares against it
 * with {@link ByteBuffer#mismatch} (vectorized), copying nothing. Direct, because a socket
 * channel copies a heap buffer into a temporary direct one on every write.
 */
final class Pattern {

    static final int LENGTH = 1 << 16;

    private static final ByteBuffer DOUBLED = build();

    private Pattern() {
    }

    /** A view of its own: its position and limit are the caller's; the bytes are read-only. */
    static ByteBuffer view() {
        return DOUBLED.duplicate();
    }

    /** Where stream position {@code position} of a connection starting at {@code base} is in the pattern. */
    static int offset(long base, long position) {
        return (int) Math.floorMod(base + position, (long) LENGTH);
    }

    /** The same bytes as the C generator's (xorshift64 from the same seed), so both send alike. */
    private static ByteBuffer build() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(2 * LENGTH);
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < LENGTH; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            byte b = (byte) (x >>> 32);
            buffer.put(i, b).put(LENGTH + i, b);
        }
        return buffer.asReadOnlyBuffer();
    }
}
