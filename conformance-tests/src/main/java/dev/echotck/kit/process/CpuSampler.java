package dev.echotck.kit.process;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * CPU time a process tree uses over a window, for checks such as "an idle server burns no CPU".
 *
 * <p>Why it counts reaped children's time too: a worker that exits inside the window vanishes
 * from /proc, but once its parent waits for it the kernel adds its CPU to the parent's
 * cutime/cstime. Summing own + reaped-children time over the tree at both ends therefore keeps
 * its work in the total. A worker that exits unreaped-by-the-tree (re-parented to init) is lost.
 *
 * <p>Resolution is one clock tick (10 ms at the usual CLK_TCK of 100), so windows should be a few
 * hundred milliseconds at least.
 */
public final class CpuSampler {

    /** CPU used in a wall-clock window; {@link #coreFraction()} 1.0 = one core busy all the time. */
    public record Usage(Duration cpu, Duration wall) {
        public double coreFraction() {
            return wall.isZero() ? 0 : (double) cpu.toNanos() / wall.toNanos();
        }

        /** e.g. "0.03s CPU in 0.50s (6% of one core)". */
        public String summary() {
            return "%.2fs CPU in %.2fs (%.0f%% of one core)".formatted(
                    cpu.toNanos() / 1e9, wall.toNanos() / 1e9, coreFraction() * 100);
        }
    }

    private final LongSupplier ticksNow;
    private final long startTicks;
    private final long startNanos;

    private CpuSampler(LongSupplier ticksNow) {
        this.ticksNow = ticksNow;
        this.startNanos = System.nanoTime();
        this.startTicks = ticksNow.getAsLong();
    }

    /** Takes the first sample now, of the process tree under {@code rootPid}. */
    public static CpuSampler start(long rootPid) {
        return new CpuSampler(() -> treeTicks(rootPid));
    }

    /**
     * Takes the first sample now, of one process alone: its threads, not its children. For the
     * kit's own JVM, whose descendants include the servers it launched.
     */
    public static CpuSampler startProcess(long pid) {
        return new CpuSampler(() -> ProcStat.read(pid).map(s -> s.utimeTicks() + s.stimeTicks()).orElse(0L));
    }

    /** Samples once more; a sampler can be read several times. */
    public Usage sinceStart() {
        long ticks = ticksNow.getAsLong();
        long nanos = System.nanoTime();
        // Negative only if the root or a busy parent left the tree; report nothing rather than nonsense.
        long used = Math.max(0, ticks - startTicks);
        long perSecond = Libc.clockTicksPerSecond();
        Duration cpu = Duration.ofSeconds(used / perSecond, (used % perSecond) * 1_000_000_000L / perSecond);
        return new Usage(cpu, Duration.ofNanos(nanos - startNanos));
    }

    /** Blocks for {@code window} and returns what the tree used meanwhile. */
    public static Usage measure(long rootPid, Duration window) throws InterruptedException {
        CpuSampler sampler = start(rootPid);
        Thread.sleep(window);
        return sampler.sinceStart();
    }

    private static long treeTicks(long rootPid) {
        List<ProcStat> tree = ProcessTree.statsOf(rootPid, ProcScan.all());
        return tree.stream().mapToLong(s ->
                s.utimeTicks() + s.stimeTicks() + s.childrenUtimeTicks() + s.childrenStimeTicks()).sum();
    }
}
