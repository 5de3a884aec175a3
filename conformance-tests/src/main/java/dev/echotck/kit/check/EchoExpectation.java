package dev.echotck.kit.check;

import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.target.ServerUnderTest;

/** Turns "these bytes should have come back" into a pass, or a violation with evidence and a cause. */
public final class EchoExpectation {

    private EchoExpectation() {
    }

    /**
     * @param what  which exchange, in words ("the 512-byte block of all byte values")
     * @param bound the bound the read waited for, as {@link dev.echotck.kit.engine.Timeouts#describe} says it
     */
    public static void assertEchoed(String what, byte[] expected, ReadResult got, String bound, ServerUnderTest server) {
        ByteDiff diff = ByteDiff.of(expected, got.bytes());
        if (diff.firstDifference().isEmpty()) {
            return;
        }
        RuleViolation.Builder violation = RuleViolation.because(summary(what, expected, got, bound))
                .evidence(diff.evidence())
                .evidence("how the read ended: " + got.describeEnd());
        server.deathNotice().ifPresent(notice -> violation.evidence("the server is dead: " + notice));
        throw violation.likelyCause(cause(diff, expected, got, server)).build();
    }

    private static String summary(String what, byte[] expected, ReadResult got, String bound) {
        if (got.length() == 0) {
            return "nothing came back for " + what + " (" + expected.length + " bytes sent, waited " + bound + ")";
        }
        if (got.length() < expected.length && ByteDiff.of(expected, got.bytes()).isTruncation()) {
            return "only " + got.length() + " of " + expected.length + " bytes came back for " + what;
        }
        return "the echo of " + what + " differs from what was sent";
    }

    private static String cause(ByteDiff diff, byte[] expected, ReadResult got, ServerUnderTest server) {
        if (server.deathNotice().isPresent()) {
            return "your server crashed while handling this connection";
        }
        var corruption = diff.corruptionCause();
        if (corruption.isPresent()) {
            return corruption.get();
        }
        int d = got.length();
        if (d == 0 && got.end() == ReadResult.End.EOF) {
            return "your server closed the connection without echoing these bytes (does it read only once per "
                    + "connection, or close after the first reply?)";
        }
        if (d < expected.length && expected[d] == 0 && got.end() != ReadResult.End.EOF) {
            String where = d == 0 ? "nothing came back, and what was sent starts with a zero byte"
                    : "the echo stops right before the first zero byte (offset " + d + ")";
            return where + ": your server computes the length with strlen() or a C-string function; send the count "
                    + "that read/recv returned";
        }
        boolean stopsAfterNewline = d > 0 && got.bytes()[d - 1] == '\n' && indexOf(expected, d, (byte) '\n') < 0;
        boolean noNewlineSent = d == 0 && indexOf(expected, 0, (byte) '\n') < 0;
        if (got.end() == ReadResult.End.DEADLINE && (stopsAfterNewline || noNewlineSent)) {
            return "the echo stops where no newline follows: your server waits for a newline before echoing "
                    + "(fgets, readLine, a line-buffered reader); echo whatever has arrived";
        }
        return switch (got.end()) {
            case EOF -> "your server closed the connection before echoing everything (after " + d + " bytes): "
                    + "it may read a limited amount, or only once, and then close";
            case RESET -> "your server reset the connection (it closed it with unread data, or crashed)";
            case DEADLINE -> "your server stopped echoing: it may wait for more input than a client sends, or be "
                    + "blocked elsewhere";
            case COUNT -> "the server sent different bytes";
        };
    }

    private static int indexOf(byte[] bytes, int from, byte value) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
