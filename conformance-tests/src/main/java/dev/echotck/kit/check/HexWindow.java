package dev.echotck.kit.check;

import java.util.HexFormat;

/** A few bytes either side of an offset, in hex, so evidence shows exactly where two streams part. */
public final class HexWindow {

    private static final int RADIUS = 8;

    private HexWindow() {
    }

    /** {@code @1016: 66 67 [00] 01 02} with the byte at {@code offset} in brackets; {@code <end>} past the end. */
    public static String around(byte[] bytes, int length, int offset) {
        int from = Math.max(0, offset - RADIUS);
        int to = Math.min(length, offset + RADIUS + 1);
        StringBuilder text = new StringBuilder("@").append(from).append(':');
        HexFormat hex = HexFormat.of().withUpperCase();
        for (int i = from; i < to; i++) {
            text.append(i == offset ? " [" : " ").append(hex.toHexDigits(bytes[i])).append(i == offset ? "]" : "");
        }
        if (offset >= length) {
            text.append(" [<end>]");
        }
        return text.toString();
    }
}
