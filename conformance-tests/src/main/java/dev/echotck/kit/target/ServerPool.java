package dev.echotck.kit.target;

import java.util.ArrayList;
import java.util.List;

/**
 * The servers of one run. Most rules share one server (the suite stays fast); a rule that stops
 * or kills its server asks for a fresh one. A shared server that died is replaced before the next
 * rule, so one crash is reported by the rule that caused it and by no other. A target that cannot
 * start at all is remembered: the run fails once, fast, instead of once per rule.
 */
public final class ServerPool implements AutoCloseable {

    private final TargetSpec spec;
    private final TargetLauncher launcher;
    private final List<RunningServer> started = new ArrayList<>();
    private RunningServer shared;
    private TargetSetupException startFailure;

    public ServerPool(TargetSpec spec, TargetLauncher launcher) {
        this.spec = spec;
        this.launcher = launcher;
    }

    public TargetSpec spec() {
        return spec;
    }

    public synchronized ServerUnderTest shared() {
        if (shared == null || shared.deathNotice().isPresent()) {
            shared = start(LaunchOptions.DEFAULT);
        }
        return shared;
    }

    /** Whether this target can be started again (it cannot for --connect). */
    public boolean canLaunch() {
        return !(spec instanceof TargetSpec.Connect);
    }

    /** A server for this rule alone; stopped by {@link #release}, or at the end of the run at the latest. */
    public synchronized ServerUnderTest fresh(LaunchOptions options) {
        if (!canLaunch()) {
            throw new IllegalStateException("a --connect target cannot be started afresh");
        }
        if (shared != null && launcher.runsOneAtATime(spec)) {
            started.remove(shared);
            shared.close(); // its port is the only one the server can use; the next rule gets a new shared server
            shared = null;
        }
        return start(options);
    }

    /** Stops a server started by {@link #fresh()} as soon as its rule is done with it. */
    public synchronized void release(ServerUnderTest server) {
        if (server != shared && server instanceof RunningServer running && started.remove(running)) {
            running.close();
        }
    }

    private RunningServer start(LaunchOptions options) {
        if (startFailure != null) {
            throw startFailure;
        }
        try {
            RunningServer server = launcher.start(spec, options);
            started.add(server);
            return server;
        } catch (TargetSetupException e) {
            startFailure = e;
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        started.forEach(RunningServer::close);
        started.clear();
        shared = null;
    }
}
