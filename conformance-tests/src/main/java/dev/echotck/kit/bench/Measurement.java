package dev.echotck.kit.bench;

import java.util.List;

/**
 * One run of one target with one generator, with what the machine did meanwhile.
 *
 * @param round            1, 2, ... (runs of a round alternate between the targets)
 * @param result           what the generator measured, or null if the run could not be done ({@code error} says why)
 * @param error            why the run failed as a whole (the server died, the generator could not connect); null if it ran
 * @param serverCores      CPU of the server's process tree in the window, in cores (1.0 = one core all the time); NaN for --connect
 * @param generatorCores   CPU of the load generator's process, in cores
 * @param machineCores     CPU of the whole machine, in cores: what is not server or generator is someone else's
 * @param idleBytes        the server tree's memory (PSS) before the run's connections opened; -1 if unknown
 * @param loadedBytes      the same at the end of the window, with all connections open; -1 if unknown
 * @param serverProcesses  processes in the server's tree at the end of the window (a forking server: one per client)
 * @param serverThreads    threads in the server's tree at the end of the window
 */
public record Measurement(int round, String target, String generator, LoadResult result, String error,
                          double serverCores, double generatorCores, double machineCores,
                          long idleBytes, long loadedBytes, int serverProcesses, int serverThreads) {

    static Measurement failed(int round, String target, String generator, String error) {
        return new Measurement(round, target, generator, null, error, Double.NaN, Double.NaN, Double.NaN, -1, -1, 0, 0);
    }

    public double throughput(BenchMode mode) {
        return result == null ? 0 : mode.throughput(result.ops(), result.bytes(), result.seconds());
    }

    /** It ran, every byte was right and no connection was lost: its number counts. */
    public boolean clean() {
        return error == null && result != null && result.clean();
    }

    /** CPU in the window that was neither the server's nor the generator's: other users, the kernel's own threads, a hypervisor's steal. */
    public double otherCores() {
        double mine = (Double.isNaN(serverCores) ? 0 : serverCores) + (Double.isNaN(generatorCores) ? 0 : generatorCores);
        return Double.isNaN(machineCores) ? Double.NaN : Math.max(0, machineCores - mine);
    }

    /**
     * CPU time per operation, in microseconds, of a process whose share was {@code cores}: a cost
     * that depends far less on what else runs on the machine than throughput does, so on a shared
     * machine it is the steadier way to compare two servers (or two generators).
     */
    public double microsPerOp(double cores) {
        if (result == null || result.ops() == 0 || Double.isNaN(cores)) {
            return Double.NaN;
        }
        return cores * result.seconds() * 1e6 / result.ops();
    }

    /**
     * Operations per CPU-second of the server and the generator together. On a small machine
     * where the two compete for the cores, throughput is about the cores they get divided by what
     * one operation costs them; this is the second factor alone: what they would reach with the
     * machine to themselves, whatever other users took meanwhile. NaN when the CPU is unknown.
     */
    public double opsPerCpuSecond(BenchMode mode) {
        double cores = serverCores + generatorCores;
        return result == null || !(cores > 0) ? Double.NaN : throughput(mode) / cores;
    }

    /** Memory the server took per open connection, in bytes; -1 when unknown or meaningless (connect mode: none stay open). */
    public long bytesPerConnection(BenchMode mode) {
        if (idleBytes < 0 || loadedBytes < 0 || result == null || mode == BenchMode.CONNECT) {
            return -1;
        }
        return Math.max(0, (loadedBytes - idleBytes) / result.connections());
    }

    /** What went wrong, in a line or a few: the run's error, or the failed and stalled connections. */
    public List<String> problems() {
        if (error != null) {
            return List.of(error);
        }
        if (result == null || (result.clean() && result.stalled() == 0)) {
            return List.of();
        }
        List<String> lines = new java.util.ArrayList<>();
        if (result.failed() > 0) {
            lines.add(result.failed() + " of " + result.connections() + " connections got wrong bytes or lost their connection, and stopped counting");
        }
        if (result.stalled() > 0) {
            lines.add(result.stalled() + " of " + result.connections() + " connections got nothing back in the measured window: "
                    + "the server starved them (it counts, but it is unfair)");
        }
        lines.addAll(result.errors());
        return lines;
    }
}
