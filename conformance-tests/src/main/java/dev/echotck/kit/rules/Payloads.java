package dev.echotck.kit.rules;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Payloads for checks outside ECHO: newline-terminated ASCII, so only ECHO rules see binary data. */
public final class Payloads {

    private Payloads() {
    }

    /** Numbered lines ("PREFIX 000001\n" ...) filling exactly {@code size} bytes; the last line is cut to fit. */
    public static byte[] lines(String prefix, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 64);
        for (int i = 1; out.size() < size; i++) {
            out.writeBytes(String.format("%s%06d\n", prefix, i).getBytes(StandardCharsets.US_ASCII));
        }
        byte[] bytes = new byte[size];
        System.arraycopy(out.toByteArray(), 0, bytes, 0, size);
        if (size > 0) {
            bytes[size - 1] = '\n';
        }
        return bytes;
    }
}
