package dev.echotck.kit.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine was over a window, from the first line of {@code /proc/stat}: with
 * the CPU of the server and of the load generator, it tells what everything else on the machine
 * took (other users' builds, a hypervisor's steal), which on a shared machine is often the reason
 * a number is low.
 */
public final class MachineCpu {

    private final long startBusy;
    private final long startTotal;
    private final int cores;

    private MachineCpu(long[] sample) {
        this.startBusy = sample[0];
        this.startTotal = sample[1];
        this.cores = Runtime.getRuntime().availableProcessors();
    }

    /** Takes the first sample now. */
    public static MachineCpu start() {
        return new MachineCpu(sample());
    }

    /** Cores kept busy on average since {@link #start()}: 0 idle, {@code cores} all busy. */
    public double busyCoresSinceStart() {
        long[] now = sample();
        long total = now[1] - startTotal;
        return total <= 0 ? 0 : (double) (now[0] - startBusy) / total * cores;
    }

    /** {busy, total} jiffies: busy is everything but idle and iowait (steal included: not ours to use). */
    private static long[] sample() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split(" +");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                long value = Long.parseLong(fields[i]);
                total += value;
                if (i == 4 || i == 5) {
                    idle += value;
                }
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
