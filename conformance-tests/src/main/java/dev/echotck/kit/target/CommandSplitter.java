package dev.echotck.kit.target;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns an --exec command into argv. A plain command ("python3 server.py 4242") is executed
 * directly, so the pid the kit signals and watches is the server itself. Anything a shell must
 * interpret (quotes, redirections, pipes, variables, {@code &&}) goes through {@code /bin/sh -c};
 * Debian's dash then forks the server as a child of the shell, so users should write {@code exec}
 * in front of the server in such commands.
 */
final class CommandSplitter {

    private static final Pattern SHELL_SYNTAX = Pattern.compile("[|&;<>()$`\\\\\"'*?\\[\\]#~=%{}]");

    private CommandSplitter() {
    }

    /**
     * Splits a container command into argv the way a shell would split words, without running
     * one (an image may have no shell at all): whitespace separates, single and double quotes
     * group, a backslash outside single quotes escapes the next character. Nothing is expanded.
     */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\\' && quote != '\'' && i + 1 < command.length()) {
                word.append(command.charAt(++i));
            } else if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else {
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new BadTargetException("unbalanced " + quote + " in container command: " + command);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    static List<String> argv(String command) {
        String trimmed = command.strip();
        if (SHELL_SYNTAX.matcher(trimmed).find()) {
            return List.of("/bin/sh", "-c", trimmed);
        }
        return Arrays.asList(trimmed.split("\\s+"));
    }
}
