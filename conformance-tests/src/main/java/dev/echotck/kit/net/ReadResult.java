package dev.echotck.kit.net;

import java.time.Duration;

/** What a bounded read got, and why it ended. */
public record ReadResult(byte[] bytes, End end, Duration elapsed) {

    public enum End {
        /** as many bytes as were asked for */
        COUNT,
        /** orderly end of stream from the server */
        EOF,
        /** the connection was reset or failed */
        RESET,
        /** the deadline passed first */
        DEADLINE
    }

    public int length() {
        return bytes.length;
    }

    /** "end of stream after 1.2 s", for evidence. */
    public String describeEnd() {
        String when = String.format("after %.3f s", elapsed.toNanos() / 1e9);
        return switch (end) {
            case COUNT -> "all expected bytes arrived " + when;
            case EOF -> "the server closed the connection (end of stream) " + when;
            case RESET -> "the connection was reset " + when;
            case DEADLINE -> "nothing more arrived; the kit stopped waiting " + when;
        };
    }
}
