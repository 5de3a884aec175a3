package dev.echotck.kit.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Escaping, and the little Markdown the spec's rule texts use (paragraphs, lists, `code`,
 * **strong**, *emphasis*, [links](..)), for the HTML reports. Everything a server or a user
 * wrote (evidence, target commands) goes through {@link #text}: a server's stderr in the
 * evidence must never become markup. Links keep only their text: the page opens from disk and
 * never points anywhere else.
 */
final class Html {

    private static final Pattern INLINE = Pattern.compile("`([^`]+)`|\\*\\*([^*]+)\\*\\*|\\*([^*\\s][^*]*)\\*|\\[([^]]+)]\\([^)]*\\)");
    private static final Pattern LIST_ITEM = Pattern.compile("^(?:[-*]|\\d+\\.)\\s+(.*)");

    private Html() {
    }

    /** Text content: {@code & < >} escaped, and control characters (a server's output may hold any) shown as '?'. */
    static String text(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 16);
        raw.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0))) {
                        out.appendCodePoint(c);
                    } else {
                        out.append('?');
                    }
                }
            }
        });
        return out.toString();
    }

    /** An attribute value (quoted with "): the same escaping as text. */
    static String attr(String raw) {
        return text(raw);
    }

    /** One line of Markdown, inline markup only. */
    static String inline(String markdown) {
        Matcher m = INLINE.matcher(markdown);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(text(markdown.substring(last, m.start())));
            if (m.group(1) != null) {
                out.append("<code>").append(text(m.group(1))).append("</code>");
            } else if (m.group(2) != null) {
                out.append("<strong>").append(text(m.group(2))).append("</strong>");
            } else if (m.group(3) != null) {
                out.append("<em>").append(text(m.group(3))).append("</em>");
            } else {
                out.append(text(m.group(4)));
            }
            last = m.end();
        }
        return out.append(text(markdown.substring(last))).toString();
    }

    /** Paragraphs (blank-line separated) and lists ("- " or "1. " items, continued by indented lines). */
    static String blocks(String markdown) {
        StringBuilder out = new StringBuilder();
        for (String block : markdown.strip().split("\\n\\s*\\n")) {
            List<String> lines = block.lines().toList();
            if (!lines.isEmpty() && LIST_ITEM.matcher(lines.getFirst().strip()).matches()) {
                boolean ordered = Character.isDigit(lines.getFirst().strip().charAt(0));
                out.append(ordered ? "<ol>" : "<ul>");
                for (String item : items(lines)) {
                    out.append("<li>").append(inline(item)).append("</li>");
                }
                out.append(ordered ? "</ol>" : "</ul>").append('\n');
            } else {
                out.append("<p>").append(inline(String.join(" ", lines.stream().map(String::strip).toList())))
                        .append("</p>\n");
            }
        }
        return out.toString();
    }

    private static List<String> items(List<String> lines) {
        List<String> items = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LIST_ITEM.matcher(line.strip());
            if (m.matches() && !line.startsWith("  ")) {
                items.add(m.group(1));
            } else if (!items.isEmpty()) {
                items.set(items.size() - 1, items.getLast() + " " + line.strip());
            } else {
                items.add(line.strip());
            }
        }
        return items;
    }
}
