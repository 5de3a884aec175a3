package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.process.ProcessSnapshot;
import dev.echotck.kit.process.ProcessTree;
import dev.echotck.kit.process.Signals;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * HYG-1: after a round of clients leaves, no process of the server's tree may keep a zombie child,
 * an exited child it has not waited for. The evidence names the zombies and says how their parent
 * treats SIGCHLD, which is what tells "no handler" from "a handler that reaps only one child".
 */
final class ZombieMonitor {

    /** Must happen within: every exited child has been reaped. */
    static final Duration REAPED = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(20);

    private ZombieMonitor() {
    }

    static void check(ServerUnderTest server, RuleContext rule) throws IOException, InterruptedException {
        Timeouts t = rule.timeouts();
        long rootPid = server.launched().pid();
        ProcessTree before = TreeCapture.of(server);
        ProcessTree whileConnected = DisconnectRound.run(server, t, rule.ruleId() + " round");
        long start = System.nanoTime();
        long deadline = start + t.within(REAPED).toNanos();
        ProcessTree now = TreeCapture.of(server);
        while (!now.zombies().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(POLL);
            now = TreeCapture.of(server);
        }
        List<ProcessSnapshot> zombies = now.zombies();
        if (zombies.isEmpty()) {
            return;
        }
        int children = (int) whileConnected.childrenOf(rootPid).stream().filter(p -> !p.isZombie()).count();
        long parent = zombies.getFirst().ppid();
        String sigchld = sigchldDisposition(parent);
        throw RuleViolation.because(zombies.size() + (zombies.size() == 1 ? " zombie child remains " : " zombie children remain ")
                        + t.describe(REAPED) + " after this check's " + DisconnectRound.CLIENTS + " clients left")
                .evidence("zombies (exited, never waited for): " + pids(zombies) + ", children of pid " + parent)
                .evidence("while the " + DisconnectRound.CLIENTS + " clients were connected the server had " + children
                        + " running child processes; before the round it had " + before.zombies().size()
                        + (before.zombies().size() == 1 ? " zombie" : " zombies"))
                .evidence("how pid " + parent + " treats SIGCHLD: " + sigchld)
                .likelyCause(cause(sigchld, zombies.size(), children))
                .build();
    }

    private static String cause(String sigchld, int zombies, int children) {
        if (sigchld.startsWith("caught") && zombies < children) {
            return "your SIGCHLD handler reaps one child per signal, but signals that arrive together merge into one: "
                    + "loop in the handler, while (waitpid(-1, NULL, WNOHANG) > 0) ; (seed 001: wait() vs waitpid())";
        }
        if (sigchld.startsWith("caught")) {
            return "your SIGCHLD handler does not reap: call waitpid(-1, NULL, WNOHANG) in a loop until it returns 0";
        }
        return "your server never waits for its children: install a SIGCHLD handler that loops "
                + "while (waitpid(-1, NULL, WNOHANG) > 0) ; or reap them in the accept loop, which leaves the last "
                + "children zombies until the next client arrives (seeds 001 and 004)";
    }

    private static String pids(List<ProcessSnapshot> zombies) {
        List<String> shown = zombies.stream().limit(10).map(z -> z.pid() + " (" + z.command() + ")").toList();
        return String.join(", ", shown) + (zombies.size() > shown.size() ? ", ..." : "");
    }

    /** From /proc/PID/status: is SIGCHLD caught by a handler, ignored (auto-reap), or left at its default? */
    static String sigchldDisposition(long pid) {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            long bit = 1L << (Signals.SIGCHLD - 1);
            if ((mask(status, "SigCgt:").orElse(0L) & bit) != 0) {
                return "caught by a handler";
            }
            if ((mask(status, "SigIgn:").orElse(0L) & bit) != 0) {
                return "ignored (SIG_IGN: the kernel reaps children itself)";
            }
            return "default action (no handler: nothing reaps the children)";
        } catch (IOException e) {
            return "unknown (pid " + pid + " is gone)";
        }
    }

    private static Optional<Long> mask(List<String> status, String field) {
        return status.stream().filter(line -> line.startsWith(field))
                .map(line -> Long.parseUnsignedLong(line.substring(field.length()).trim(), 16)).findFirst();
    }
}
