package dev.echotck.kit.rules;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Set;
import java.util.stream.Collectors;

import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.process.ProcessSnapshot;
import dev.echotck.kit.process.ProcessTree;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * HYG-4: a thousand clients, four at a time, each served and gone, must not make the server's long-lived
 * processes grow by more than a generous budget, in resident memory (RSS) or in virtual size.
 *
 * <p>Why a budget for the whole run and not a per-connection slope: a JVM server's RSS grows as its
 * young generation is touched for the first time (up to about RAM / 192 by default, in time as well
 * as per connection) and glibc reserves 64 MiB of address space per malloc arena. Both are bounded,
 * once-only costs; the budget is larger than both, and a real per-connection leak of a few hundred
 * KiB exceeds it long before the thousandth client. The check stops as soon as a budget is exceeded.
 *
 * <p>Why only the processes that existed at the baseline: per-client children come and go (and their
 * shared pages are counted once per process); a child that stays is HYG-6's finding.
 */
final class MemoryGrowthProbe {

    static final int WARM_UP = 200;
    static final int CONNECTIONS = 1000;
    static final int CHECK_EVERY = 100;
    /**
     * Connections open at a time. Memory per connection does not depend on it, and a server that
     * starts a process per client starts them on every core: with one at a time, 1200 JVM starts
     * took 217 s on a two-core machine.
     */
    static final int IN_FLIGHT = 4;
    /** The whole check's bound (the kit's is 120 s): slow is not a leak; see RuleTest#hardBoundSeconds. */
    static final int HARD_BOUND_SECONDS = 600;
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    static final long RSS_ALLOWANCE = 32 * MIB;
    static final long RSS_PER_CONNECTION = 128 * KIB;
    static final long VSIZE_ALLOWANCE = 256 * MIB;
    static final long VSIZE_PER_CONNECTION = 256 * KIB;
    static final long RSS_BUDGET = RSS_ALLOWANCE + CONNECTIONS * RSS_PER_CONNECTION;
    static final long VSIZE_BUDGET = VSIZE_ALLOWANCE + CONNECTIONS * VSIZE_PER_CONNECTION;

    /** Memory of the processes that were there at the baseline; those that exited since count as 0. */
    private record Footprint(long rss, long vsize) {
        static Footprint of(ProcessTree tree, Set<Long> pids) {
            long rss = 0;
            long vsize = 0;
            for (ProcessSnapshot p : tree.processes()) {
                if (pids.contains(p.pid())) {
                    rss += p.rssBytes();
                    vsize += p.virtualBytes();
                }
            }
            return new Footprint(rss, vsize);
        }
    }

    private MemoryGrowthProbe() {
    }

    static void check(ServerUnderTest server, RuleContext rule) throws IOException {
        Timeouts t = rule.timeouts();
        server.launched();
        DisconnectRound.run(server, t, rule.ruleId() + " warm-up round");
        for (int i = 1; i <= WARM_UP; i += IN_FLIGHT) {
            connections(server, t, rule.ruleId() + " warm-up connection ", i, Math.min(IN_FLIGHT, WARM_UP - i + 1));
        }
        ProcessTree baselineTree = TreeCapture.of(server);
        Set<Long> longLived = baselineTree.processes().stream().filter(p -> !p.isZombie())
                .map(ProcessSnapshot::pid).collect(Collectors.toSet());
        Footprint baseline = Footprint.of(baselineTree, longLived);
        for (int done = 0; done < CONNECTIONS; ) {
            int batch = Math.min(IN_FLIGHT, CONNECTIONS - done);
            connections(server, t, rule.ruleId() + " connection ", done + 1, batch);
            done += batch;
            if (done % CHECK_EVERY == 0) {
                Footprint now = Footprint.of(TreeCapture.of(server), longLived);
                long rssGrowth = now.rss() - baseline.rss();
                long vsizeGrowth = now.vsize() - baseline.vsize();
                if (rssGrowth > RSS_BUDGET || vsizeGrowth > VSIZE_BUDGET) {
                    throw violation(done, baseline, now, rssGrowth > RSS_BUDGET, longLived.size());
                }
            }
        }
    }

    /** Connections {@code first} to {@code first + count - 1}, at the same time, each one line then a close. */
    private static void connections(ServerUnderTest server, Timeouts t, String label, int first, int count)
            throws IOException {
        List<Callable<Void>> each = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            String name = label + i;
            each.add(() -> {
                DisconnectRound.oneConnection(server, t, name);
                return null;
            });
        }
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Void> done : clients.invokeAll(each)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static RuleViolation violation(int done, Footprint baseline, Footprint now, boolean rss, int processes) {
        long growth = rss ? now.rss() - baseline.rss() : now.vsize() - baseline.vsize();
        long budget = rss ? RSS_BUDGET : VSIZE_BUDGET;
        String what = rss ? "resident memory (RSS)" : "virtual size";
        return RuleViolation.because("the server's " + what + " grew by " + mib(growth) + " over " + done
                        + " connections, about " + (growth / done / KIB) + " KiB per connection: more than the budget of "
                        + mib(budget) + " for all " + CONNECTIONS + " connections")
                .evidence("after a warm-up of " + (DisconnectRound.CLIENTS + WARM_UP) + " connections: RSS "
                        + mib(baseline.rss()) + ", virtual size " + mib(baseline.vsize()) + " (" + processes
                        + (processes == 1 ? " process" : " processes") + ")")
                .evidence("after " + done + " more connections, " + IN_FLIGHT + " at a time, each closed after one echoed line: RSS "
                        + mib(now.rss()) + " (" + signedMib(now.rss() - baseline.rss()) + "), virtual size "
                        + mib(now.vsize()) + " (" + signedMib(now.vsize() - baseline.vsize()) + ")")
                .evidence("budgets: RSS " + mib(RSS_ALLOWANCE) + " + " + RSS_PER_CONNECTION / KIB
                        + " KiB per connection, virtual size " + mib(VSIZE_ALLOWANCE) + " + "
                        + VSIZE_PER_CONNECTION / KIB + " KiB per connection")
                .likelyCause(rss
                        ? "something allocated per connection is kept after the client left: a buffer or session "
                                + "object stored in a map or list that is never cleaned up, or memory malloc'ed per "
                                + "client and never freed"
                        : "address space is reserved per connection and never released: in C, threads created joinable "
                                + "(the default) that are never joined keep their stack (8 MiB each): call "
                                + "pthread_detach(pthread_self()) or pthread_join (seeds 001 and 004); in any language, "
                                + "threads that never end keep theirs")
                .build();
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (double) MIB);
    }

    private static String signedMib(long bytes) {
        return (bytes >= 0 ? "+" : "") + mib(bytes);
    }
}
