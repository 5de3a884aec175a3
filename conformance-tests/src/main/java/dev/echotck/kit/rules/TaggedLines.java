package dev.echotck.kit.rules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lines that name the client that sent them: {@code client 17 write 2 line 1 run 5f3a09c1\n}. When
 * a client gets back bytes that are not its own, the lines themselves say whose they are, so the
 * evidence can read "client 3 received 2 lines of client 9" instead of a hex dump. The run tag
 * keeps one run's (or one trial's) bytes apart from another's.
 */
final class TaggedLines {

    private static final Pattern TAG = Pattern.compile("^client (\\d+) write (\\d+) line (\\d+) run ([0-9a-f]+)$");

    private TaggedLines() {
    }

    static byte[] of(int client, int write, int lines, int run) {
        StringBuilder text = new StringBuilder();
        for (int line = 1; line <= lines; line++) {
            text.append(line(client, write, line, run));
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static String line(int client, int write, int line, int run) {
        return "client " + client + " write " + write + " line " + line + " run " + Integer.toHexString(run) + "\n";
    }

    /**
     * What a client received compared with what it sent, in words.
     *
     * @param exact    the bytes are exactly the ones expected
     * @param nothing  nothing at all arrived
     * @param strangers the other clients whose lines arrived here, in order of first appearance
     * @param text     "its own 3 lines", "nothing", "2 lines of client 9 and 1 of its own", ...
     */
    record Attribution(boolean exact, boolean nothing, List<Integer> strangers, String text) {
    }

    static Attribution attribute(int receiver, byte[] expected, byte[] received) {
        if (Arrays.equals(expected, received)) {
            return new Attribution(true, false, List.of(), "its own " + plural(lineCount(expected), "line"));
        }
        if (received.length == 0) {
            return new Attribution(false, true, List.of(), "nothing");
        }
        List<String> expectedLines = lines(expected);
        List<String> receivedLines = lines(received);
        if (isPrefix(expected, received)) {
            return new Attribution(false, false, List.of(), "only the first " + received.length + " of its "
                    + expected.length + " bytes (" + lineCount(received) + " of its " + expectedLines.size()
                    + " lines)");
        }
        Map<Integer, Integer> bySender = new LinkedHashMap<>();
        int own = 0;
        int foreign = 0;
        for (String line : receivedLines) {
            Matcher tag = TAG.matcher(line.stripTrailing());
            if (!tag.matches() || !line.endsWith("\n")) {
                foreign++;
                continue;
            }
            int sender = Integer.parseInt(tag.group(1));
            if (sender == receiver && expectedLines.contains(line)) {
                own++;
            } else if (sender != receiver) {
                bySender.merge(sender, 1, Integer::sum);
            } else {
                foreign++; // its own tag but a line it never sent: a stale trial's, or a mangled one
            }
        }
        List<Integer> strangers = List.copyOf(bySender.keySet());
        List<String> parts = new ArrayList<>();
        bySender.forEach((sender, count) -> parts.add(plural(count, "line") + " of client " + sender));
        if (foreign > 0) {
            parts.add(plural(foreign, "line") + " that no client sent as such (cut or mangled)");
        }
        if (!strangers.isEmpty() || foreign > 0) {
            parts.add(own + " of its own " + expectedLines.size());
            return new Attribution(false, false, strangers, String.join(", ", parts));
        }
        if (own == expectedLines.size() && receivedLines.size() == expectedLines.size()) {
            return new Attribution(false, false, strangers, "its own " + plural(own, "line")
                    + ", but out of order: " + order(expectedLines, receivedLines));
        }
        return new Attribution(false, false, strangers, plural(own, "line") + " of its own " + expectedLines.size()
                + " in " + received.length + " bytes (expected " + expected.length + "), some repeated or missing");
    }

    /** The order the lines arrived in, as positions in the order they were sent: "[2, 1, 3]". */
    private static String order(List<String> sent, List<String> arrived) {
        return arrived.stream().map(line -> sent.indexOf(line) + 1).toList().toString();
    }

    private static boolean isPrefix(byte[] expected, byte[] received) {
        return received.length < expected.length && Arrays.equals(expected, 0, received.length, received, 0, received.length);
    }

    private static int lineCount(byte[] bytes) {
        int count = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                count++;
            }
        }
        return count;
    }

    /** Splits after each newline; a last piece without one is kept (it is a cut line). */
    private static List<String> lines(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
