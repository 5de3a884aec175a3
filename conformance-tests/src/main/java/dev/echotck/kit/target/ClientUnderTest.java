package dev.echotck.kit.target;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The client a CLIENT check gets: a command the kit starts afresh for each check (or twice, for
 * checks that compare), pointed at a server of the kit's own. One per run. A client that cannot
 * be started at all (it exits before connecting, or never connects) is a setup error, remembered
 * so that the run fails once, fast, instead of once per rule.
 */
public final class ClientUnderTest {

    private final ClientSpec spec;
    private final Path logDir;
    private volatile TargetSetupException setupFailure;

    public ClientUnderTest(ClientSpec spec, Path logDir) {
        ClientLauncher.validate(spec);
        this.spec = spec;
        this.logDir = logDir;
    }

    public ClientSpec spec() {
        return spec;
    }

    /** Starts the client with {@code {host}} and {@code {port}} pointing at {@code server}. */
    public ClientProcess start(InetSocketAddress server) {
        TargetSetupException failed = setupFailure;
        if (failed != null) {
            throw failed;
        }
        return new ClientProcess(ProcessLauncher.launchInteractive(ClientLauncher.argv(spec, server), logDir,
                ClientLauncher.label(spec)));
    }

    /** The client could not be brought up: ends this check, and every later one at once, as a setup error. */
    public TargetSetupException setupFailed(String why) {
        TargetSetupException failure = new TargetSetupException(why);
        setupFailure = failure;
        return failure;
    }

    /** One line for evidence: "client exec: nc -N {host} {port}". */
    public String describe() {
        return spec.describe();
    }

    /** Rejects what cannot be a client before anything starts (a typo, a server mutant). */
    public static void validate(ClientSpec spec) {
        ClientLauncher.validate(spec);
    }
}
