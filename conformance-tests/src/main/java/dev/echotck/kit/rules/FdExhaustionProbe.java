package dev.echotck.kit.rules;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.process.CpuSampler;
import dev.echotck.kit.process.FdLimit;
import dev.echotck.kit.process.ProcessSnapshot;
import dev.echotck.kit.target.LaunchedProcess;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * ROB-5: brings a server started with a low RLIMIT_NOFILE to its limit, then watches it there.
 *
 * <p>How the kit knows the server is full: it reads the server's descriptor count from /proc
 * between batches of connections, each batch at most half of the room left, so even a server that
 * spends two descriptors per client does not overshoot by a connection the kit would wait for in
 * vain. "Full" is a process of the server's tree holding as many descriptors as its limit allows:
 * its next accept fails with EMFILE.
 */
final class FdExhaustionProbe {

    /** RLIMIT_NOFILE of the fresh server: a JVM needs about 10 to 20 at rest, a C server 4. */
    static final int FD_LIMIT = 128;
    /** Connections the full server cannot accept: what makes a spinning accept loop spin. */
    static final int WAITING = 2;
    /** Connections beyond the limit after which a server that never fills up passes. */
    static final int BEYOND_LIMIT = 16;
    /** Connections closed to give the server descriptors back. */
    static final int FREED = 8;
    static final Duration CPU_WINDOW = Duration.ofSeconds(1);
    /**
     * While the kit fills the server, each connection's first line only proves it was accepted and
     * served; how fast is not this rule's business. A forking server starts a process for each of
     * a batch of up to 60 connections at once, and a child JVM each took up to 5 s to answer on a
     * busy two-core machine. At the limit, the rule's own bound ({@link SurvivalCheck#EXCHANGE}) holds.
     */
    static final Duration FILL_EXCHANGE = Duration.ofSeconds(30);
    /**
     * A spinning thread is runnable (on a CPU or waiting for one) all the time, however loaded the
     * machine is; a thread that pauses 50 ms between attempts, a few percent of it.
     */
    static final double MAX_RUNNABLE_FRACTION = 0.5;
    /** Where the kernel keeps no scheduler statistics: a spinning accept loop uses a whole idle core. */
    static final double MAX_CORE_FRACTION = 0.25;

    private final ServerUnderTest server;
    private final LaunchedProcess process;
    private final Timeouts t;
    private final SurvivalCheck check;
    private final List<EchoClient> served = new ArrayList<>();
    private final List<EchoClient> waiting = new ArrayList<>();

    FdExhaustionProbe(ServerUnderTest server, RuleContext rule) {
        this.server = server;
        this.process = server.launched();
        this.t = rule.timeouts();
        this.check = new SurvivalCheck(server, t,
                "your server exits when it runs out of file descriptors (accept fails with EMFILE, \"Too many open "
                        + "files\"): treat the error as temporary, pause briefly and accept again",
                "at its descriptor limit your server stopped serving: something in its serving path needs a new "
                        + "descriptor per request, or its accept loop gave up after the first EMFILE");
    }

    void run() throws IOException, InterruptedException {
        try {
            long limit = FdLimit.of(process.pid()).map(FdLimit.Limits::soft).orElse((long) FD_LIMIT);
            if (!fill(limit)) {
                return; // every connection was served: this server does not run out (a forking server)
            }
            String full = "at its descriptor limit (" + describeFds() + ", limit " + limit + ") with " + WAITING
                    + " connections it could not accept";
            check.note("the server was " + full + " after accepting " + served.size() + " connections");
            for (int i = 0; i < WAITING; i++) {
                waiting.add(check.connect("waiting client " + (i + 1), "when the server was full"));
            }
            checkItDoesNotSpin(full);
            for (int i = 0; i < served.size(); i++) {
                check.exchange(served.get(i), "connected client " + (i + 1), "while the server was " + full);
            }
            waiting.forEach(EchoClient::close);
            for (int i = 0; i < FREED; i++) {
                served.remove(served.size() - 1).close();
            }
            String freed = "after " + FREED + " of its connections and the " + WAITING + " waiting ones were closed";
            try (EchoClient newcomer = check.connect("a new client", freed)) {
                check.exchange(newcomer, "a new client", freed);
            }
        } finally {
            served.forEach(EchoClient::close);
            waiting.forEach(EchoClient::close);
        }
    }

    /**
     * Watches the full server for the CPU window. The verdict comes from the busiest thread's
     * runnable time, which a loaded machine does not hide; CPU time is evidence, and the verdict only
     * where the kernel keeps no scheduler statistics.
     */
    private void checkItDoesNotSpin(String full) throws InterruptedException {
        Optional<RunnableTime> runnable = RunnableTime.start(process.tree().pids());
        CpuSampler.Usage usage = CpuSampler.measure(process.pid(), t.quietFor(CPU_WINDOW));
        OptionalDouble busiest = runnable.map(RunnableTime::busiestThreadSinceStart).orElse(OptionalDouble.empty());
        check.failIfDied("while it was " + full);
        String cpu = "CPU of the server's process tree: " + usage.summary();
        String runnableEvidence = busiest.isPresent()
                ? String.format("its busiest thread was runnable (on a CPU or in the run queue) %.0f%% of the %s "
                        + "window; a spinning thread is runnable all the time however busy the machine is",
                        Math.min(1.0, busiest.getAsDouble()) * 100, t.describe(CPU_WINDOW))
                : "this kernel keeps no per-thread scheduler statistics, so the verdict comes from CPU time";
        boolean spins = busiest.isPresent()
                ? busiest.getAsDouble() >= MAX_RUNNABLE_FRACTION
                : usage.coreFraction() >= MAX_CORE_FRACTION;
        if (spins) {
            throw RuleViolation.because("the server kept a CPU busy while it was " + full + String.format(
                            busiest.isPresent() ? " (at most %.0f%% runnable time allowed)" : " (at most %.0f%% of a core allowed)",
                            (busiest.isPresent() ? MAX_RUNNABLE_FRACTION : MAX_CORE_FRACTION) * 100))
                    .evidence(runnableEvidence)
                    .evidence(cpu)
                    .likelyCause("your accept loop retries at once after accept fails with EMFILE; the waiting "
                            + "connection stays in the listen queue, so the next accept fails at once too: pause "
                            + "briefly (say 50 ms) after a failed accept, or stop polling the listening socket for a while")
                    .build();
        }
        check.note(cpu);
        check.note(runnableEvidence);
    }

    /**
     * Opens connections, each exchanging a line, until a process of the server holds {@code limit}
     * descriptors (true) or {@code limit + BEYOND_LIMIT} connections were served (false).
     */
    private boolean fill(long limit) throws IOException {
        while (served.size() < limit + BEYOND_LIMIT) {
            int fds = mostFds();
            if (fds >= limit) {
                return true;
            }
            int batch = (int) Math.max(1, Math.min((limit - fds) / 2, limit + BEYOND_LIMIT - served.size()));
            String when = "while the kit opened connections toward the server's descriptor limit (" + fds
                    + " open descriptors, limit " + limit + ")";
            int first = served.size();
            for (int i = 0; i < batch; i++) {
                served.add(check.connect("connected client " + (served.size() + 1), when));
            }
            for (int i = first; i < served.size(); i++) {
                check.exchange(served.get(i), "connected client " + (i + 1), when, FILL_EXCHANGE);
            }
        }
        return false;
    }

    /** The descriptor count of the process of the server's tree that holds the most: the one at risk. */
    private int mostFds() {
        check.failIfDied("while the kit opened connections toward its descriptor limit");
        return process.tree().processes().stream().mapToInt(ProcessSnapshot::openFdCount).max().orElse(0);
    }

    private String describeFds() {
        return mostFds() + " open descriptors";
    }
}
