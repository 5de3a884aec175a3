package dev.echotck.kit.target;

import java.net.InetSocketAddress;
import java.util.Optional;

import org.opentest4j.TestAbortedException;

/**
 * What a rule's check gets: where the server listens and, when the kit launched it, its process
 * (for rules on exit status, zombies, fds and signals).
 */
public interface ServerUnderTest {

    InetSocketAddress address();

    /** Present for --exec, --reference, --mutant and --image; empty for --connect. */
    Optional<LaunchedProcess> process();

    /**
     * The server's process, for checks on exit status, signals, zombies and fds. Aborts the check
     * (verdict SKIP, with the reason) when the kit did not launch the server.
     */
    default LaunchedProcess launched() {
        return process().orElseThrow(() -> new TestAbortedException(
                "needs a server the kit launches (--exec, --image, --reference or --mutant); skipped for --connect"));
    }

    /** One line for evidence: "reference: blocking at 127.0.0.1:40123 (pid 4242)". */
    String describe();

    /**
     * Why the server cannot be reached, in the user's terms, or empty when it is alive. Rules use
     * this so that a dead server is reported as such, not as a wrong echo.
     */
    default Optional<String> deathNotice() {
        return process().filter(p -> !p.isAlive()).map(p -> "the server process " + p.describeExit()
                + stderrSuffix(p));
    }

    private static String stderrSuffix(LaunchedProcess p) {
        String tail = p.stderrTail(5);
        return tail.isBlank() ? "" : "; its " + p.logName() + " ends with:\n" + tail.indent(4).stripTrailing();
    }
}
