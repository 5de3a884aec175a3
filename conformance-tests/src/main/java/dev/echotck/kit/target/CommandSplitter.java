package dev.echotck.kit.target;

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

    static List<String> argv(String command) {
        String trimmed = command.strip();
        if (SHELL_SYNTAX.matcher(trimmed).find()) {
            return List.of("/bin/sh", "-c", trimmed);
        }
        return Arrays.asList(trimmed.split("\\s+"));
    }
}
