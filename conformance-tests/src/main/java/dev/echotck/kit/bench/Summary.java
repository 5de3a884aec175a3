package dev.echotck.kit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * One target-and-generator of a comparison over its rounds: medians, so that one disturbed run
 * (another user's build starting) does not decide, and its ratio to the first of the comparison.
 *
 * @param ratio the median over rounds of (this run's throughput / the first contestant's run of the same round):
 *              runs of a round are close in time, so drift of the machine cancels out; NaN if no round had both
 * @param cpuAdjustedRatio the same median of per-round ratios, of {@link Measurement#opsPerCpuSecond} instead of
 *                         throughput: what other users took from the machine during a run cancels out
 * @param serverMicrosPerOp    median CPU of the server per operation (see {@link Measurement#microsPerOp})
 * @param generatorMicrosPerOp the same for the generator
 * @param slowestShare         the worst round's {@link LoadResult#slowestShare()}: a starved connection in any round shows
 */
public record Summary(String target, String generator, List<Measurement> runs, double throughput, double ratio,
                      double cpuAdjustedRatio,
                      Latency latency, double serverCores, double generatorCores, double otherCores,
                      double serverMicrosPerOp, double generatorMicrosPerOp, double slowestShare,
                      long bytesPerConnection, int maxServerProcesses, int maxServerThreads) {

    /** Every run was clean. */
    public boolean clean() {
        return runs.stream().allMatch(Measurement::clean);
    }

    /** Some connection got nothing back in some round's window. */
    public boolean starved() {
        return runs.stream().anyMatch(m -> m.result() != null && m.result().stalled() > 0);
    }

    public List<String> problems() {
        return runs.stream().flatMap(m -> m.problems().stream().map(p -> "round " + m.round() + ": " + p)).limit(8).toList();
    }

    public String name() {
        return generator == null ? target : target + " [" + generator + "]";
    }

    static List<Summary> of(List<List<Measurement>> byContestant, BenchMode mode) {
        List<Measurement> first = byContestant.getFirst();
        List<Summary> summaries = new ArrayList<>();
        for (List<Measurement> runs : byContestant) {
            List<Double> ratios = new ArrayList<>();
            List<Double> adjusted = new ArrayList<>();
            for (Measurement run : runs) {
                first.stream().filter(f -> f.round() == run.round()).findFirst().ifPresent(f -> {
                    if (f.clean() && run.clean() && f.throughput(mode) > 0) {
                        ratios.add(run.throughput(mode) / f.throughput(mode));
                        double perCpu = run.opsPerCpuSecond(mode) / f.opsPerCpuSecond(mode);
                        if (!Double.isNaN(perCpu)) {
                            adjusted.add(perCpu);
                        }
                    }
                });
            }
            List<Measurement> ran = runs.stream().filter(m -> m.result() != null).toList();
            List<Latency> latencies = ran.stream().map(m -> m.result().latency()).filter(l -> l != null).toList();
            Latency latency = latencies.isEmpty() ? null : new Latency(
                    medianLong(latencies, Latency::p50), medianLong(latencies, Latency::p90), medianLong(latencies, Latency::p99),
                    medianLong(latencies, Latency::p999), medianLong(latencies, Latency::p9999), medianLong(latencies, Latency::max));
            List<Measurement> withMemory = ran.stream().filter(m -> m.bytesPerConnection(mode) >= 0).toList();
            summaries.add(new Summary(runs.getFirst().target(), runs.getFirst().generator(), List.copyOf(runs),
                    median(runs, m -> m.throughput(mode)),
                    ratios.isEmpty() ? Double.NaN : median(ratios, Double::doubleValue),
                    adjusted.isEmpty() ? Double.NaN : median(adjusted, Double::doubleValue),
                    latency,
                    median(ran, Measurement::serverCores), median(ran, Measurement::generatorCores), median(ran, Measurement::otherCores),
                    median(ran.stream().filter(Measurement::clean).toList(), m -> m.microsPerOp(m.serverCores())),
                    median(ran.stream().filter(Measurement::clean).toList(), m -> m.microsPerOp(m.generatorCores())),
                    ran.stream().mapToDouble(m -> m.result().slowestShare()).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN),
                    withMemory.isEmpty() ? -1 : medianLong(withMemory, m -> m.bytesPerConnection(mode)),
                    ran.stream().mapToInt(Measurement::serverProcesses).max().orElse(0),
                    ran.stream().mapToInt(Measurement::serverThreads).max().orElse(0)));
        }
        return summaries;
    }

    static <T> double median(List<T> items, ToDoubleFunction<T> value) {
        double[] values = items.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    static <T> long medianLong(List<T> items, ToLongFunction<T> value) {
        long[] values = items.stream().mapToLong(value).sorted().toArray();
        return values.length == 0 ? -1 : (values[(values.length - 1) / 2] + values[values.length / 2]) / 2;
    }
}
