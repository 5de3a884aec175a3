package dev.echotck.kit.bench;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * One connection's bytes: what it has sent and what has come back, both as positions in its
 * endless stream of {@link Pattern} bytes. Every byte that comes back is checked against the byte
 * sent at that position: a fast wrong server is not fast.
 *
 * <p>{@link #sent} is volatile because with the threads generator one thread writes and another
 * reads a stream connection; the NIO generator uses a stream from one thread only.
 */
final class ByteStream {

    private final long base;
    private final ByteBuffer out = Pattern.view();
    private final ByteBuffer expected = Pattern.view();
    private volatile long sent;
    private long received;

    ByteStream(long base) {
        this.base = base;
    }

    /** For connection number {@code id}: an offset far from its neighbours' (4099 is prime, so they never line up). */
    static ByteStream forConnection(int id) {
        return new ByteStream(id * 4099L);
    }

    long sent() {
        return sent;
    }

    long received() {
        return received;
    }

    /** The next bytes to send, up to stream position {@code upTo} (at most {@link Pattern#LENGTH}); then call {@link #wrote}. */
    ByteBuffer next(long upTo) {
        int offset = Pattern.offset(base, sent);
        int length = (int) Math.min(upTo - sent, Pattern.LENGTH);
        out.limit(offset + length).position(offset);
        return out;
    }

    void wrote(int count) {
        sent += count;
    }

    /**
     * Checks bytes that came back (from {@code got}'s position to its limit, at most
     * {@link Pattern#LENGTH}) and counts them as received if right.
     *
     * @return null if they are what was sent at those positions; else what is wrong, for the report
     */
    String check(ByteBuffer got) {
        int count = got.remaining();
        if (received + count > sent) {
            return "more bytes came back than were sent (" + (received + count) + " of " + sent + ")";
        }
        int offset = Pattern.offset(base, received);
        expected.limit(offset + count).position(offset);
        int at = got.mismatch(expected);
        if (at >= 0) {
            return "wrong bytes: byte %d of its stream came back as 0x%02x, expected 0x%02x (from there got %s, sent %s)"
                    .formatted(received + at, got.get(got.position() + at), expected.get(offset + at),
                            hex(got, got.position() + at), hex(expected, offset + at));
        }
        received += count;
        return null;
    }

    private static String hex(ByteBuffer buffer, int from) {
        byte[] bytes = new byte[Math.min(8, buffer.limit() - from)];
        buffer.get(from, bytes);
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
