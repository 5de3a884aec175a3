package dev.echotck.kit.check;

import java.util.Arrays;
import java.util.Optional;

/**
 * Compares what was sent with what came back and names the likely cause in the server author's
 * terms. The heuristics recognise the classic echo bugs by the shape of the damage: a truncation or
 * a gap that starts at a zero byte (strlen), U+FFFD replacement (text decoding), a gap with correct
 * bytes after it (a dropped short write), a stop after the last newline (line-buffered reads).
 *
 * @param expected  the bytes that should have come back (all of them)
 * @param actual    what came back
 * @param actualLen how many bytes of {@code actual} are valid
 */
public record ByteDiff(byte[] expected, int expectedLen, byte[] actual, int actualLen) {

    public static ByteDiff of(byte[] expected, byte[] actual) {
        return new ByteDiff(expected, expected.length, actual, actual.length);
    }

    /** The first offset where the streams differ, or where the shorter one ends; empty when equal. */
    public Optional<Integer> firstDifference() {
        int common = Math.min(expectedLen, actualLen);
        int mismatch = Arrays.mismatch(expected, 0, common, actual, 0, common);
        if (mismatch >= 0) {
            return Optional.of(mismatch);
        }
        return expectedLen == actualLen ? Optional.empty() : Optional.of(common);
    }

    public boolean isTruncation() {
        return firstDifference().map(d -> d == actualLen && actualLen < expectedLen).orElse(false);
    }

    /** Evidence lines: lengths, the first differing offset, hex windows of both streams. */
    public String evidence() {
        int d = firstDifference().orElse(expectedLen);
        return "sent " + expectedLen + " bytes, got back " + actualLen + "; first difference at offset " + d + "\n"
                + "  expected " + HexWindow.around(expected, expectedLen, d) + "\n"
                + "  actual   " + HexWindow.around(actual, actualLen, d);
    }

    /** A likely cause for a difference inside the received bytes (not for a plain truncation). */
    public Optional<String> corruptionCause() {
        int d = firstDifference().orElse(-1);
        if (d < 0 || d >= actualLen) {
            return Optional.empty();
        }
        boolean replacementChar = startsWith(actual, actualLen, d, (byte) 0xEF, (byte) 0xBF, (byte) 0xBD)
                || ((expected[d] & 0x80) != 0 && actual[d] == (byte) 0xEF && d + 3 > actualLen);
        if (replacementChar) {
            return Optional.of("bytes from offset " + d + " came back as EF BF BD (U+FFFD, the replacement character): "
                    + "your server decodes the input as UTF-8 text and encodes it again; echo the raw bytes");
        }
        if ((expected[d] & 0x80) != 0 && (actual[d] == (byte) 0xC2 || actual[d] == (byte) 0xC3)) {
            return Optional.of("the byte at offset " + d + " came back as two bytes: your server converts the data to a "
                    + "string (Latin-1) and writes it as UTF-8; echo the raw bytes");
        }
        if (expected[d] == '\n' && actual[d] == '\r') {
            return Optional.of("a \\n came back as \\r\\n: a text-mode stream or line-oriented writer translates line "
                    + "endings; write the bytes you read");
        }
        int gap = gapLength(d);
        if (gap > 0 && expected[d] == 0) {
            // strlen stops at the first 0x00 of each read: the rest of that read is lost, the next read
            // resumes. A short write whose gap starts at a zero byte by chance is 1 in 256.
            return Optional.of(gap + " bytes are missing at offset " + d + ", starting exactly at a zero byte (0x00), "
                    + "and the bytes after the gap are right: your server computes the length of what it read with "
                    + "strlen() or another C-string function, which stops at the first zero byte of each read; send "
                    + "the count that read/recv returned");
        }
        if (gap > 0) {
            return Optional.of(gap + " bytes are missing at offset " + d + " and the bytes after the gap are right: your "
                    + "server drops data, typically a short write whose remainder is ignored (check the count that "
                    + "write/send returns and write the rest)");
        }
        int repeat = repeatLength(d);
        if (repeat > 0) {
            return Optional.of("bytes before offset " + d + " are repeated: a buffer is written twice or reused before "
                    + "its content was sent");
        }
        return Optional.of("the byte at offset " + d + " differs: the server changes the data it echoes");
    }

    /** The shortest k such that the actual bytes from d on equal the expected bytes from d + k on. */
    private int gapLength(int d) {
        int probe = Math.min(32, actualLen - d);
        for (int k = 1; d + k + probe <= expectedLen && k <= 1 << 20; k++) {
            if (Arrays.equals(actual, d, d + probe, expected, d + k, d + k + probe)) {
                return k;
            }
        }
        return 0;
    }

    private int repeatLength(int d) {
        int probe = Math.min(32, Math.min(actualLen - d, expectedLen - d));
        for (int k = 1; k <= d && k <= 1 << 16; k++) {
            if (probe > 0 && Arrays.equals(actual, d, d + probe, expected, d - k, d - k + probe)) {
                return k;
            }
        }
        return 0;
    }

    private static boolean startsWith(byte[] bytes, int length, int offset, byte... prefix) {
        return offset + prefix.length <= length
                && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }
}
