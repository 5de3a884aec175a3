package dev.echotck.kit.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code bench.json}: the load, the machine, every run in the order it ran, and the summaries.
 * Latencies in microseconds, throughput in the mode's unit ({@code unit}), CPU in cores, memory in
 * bytes; a value that could not be measured is null.
 */
public final class BenchJson {

    private BenchJson() {
    }

    public static void write(BenchReport report, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toMap(report));
    }

    static Map<String, Object> toMap(BenchReport report) {
        BenchMode mode = report.load().mode();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tool", "echotck");
        json.put("command", "bench");
        json.put("date", report.machine().date().toString());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", report.machine().cores());
        machine.put("cpu", report.machine().cpu());
        machine.put("loadAverageAtStart", number(report.machine().loadAverage()));
        machine.put("kernel", report.machine().kernel());
        machine.put("java", report.machine().javaVersion());
        json.put("machine", machine);
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("mode", mode.label());
        load.put("connections", report.load().connections());
        load.put("size", report.load().size());
        load.put("warmupMs", report.load().warmup().toMillis());
        load.put("durationMs", report.load().duration().toMillis());
        json.put("load", load);
        json.put("unit", mode.unit());
        json.put("rounds", report.rounds());
        json.put("generators", report.generators());
        json.put("targets", report.targets().stream().map(t -> {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("label", t.label());
            target.put("target", t.describe());
            return target;
        }).toList());
        json.put("tookMs", report.took().toMillis());
        json.put("exitCode", report.exitCode());
        json.put("runs", report.runs().stream().map(m -> run(m, mode)).toList());
        json.put("summary", report.summaries().stream().map(s -> summary(s, mode)).toList());
        return json;
    }

    private static Map<String, Object> run(Measurement m, BenchMode mode) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("round", m.round());
        run.put("target", m.target());
        run.put("generator", m.generator());
        run.put("clean", m.clean());
        run.put("throughput", number(m.throughput(mode)));
        run.put("opsPerCpuSecond", number(m.opsPerCpuSecond(mode)));
        if (m.result() != null) {
            LoadResult r = m.result();
            run.put("ops", r.ops());
            run.put("bytes", r.bytes());
            run.put("seconds", r.seconds());
            run.put("connections", r.connections());
            run.put("failedConnections", r.failed());
            run.put("stalledConnections", r.stalled());
            run.put("slowestConnectionShare", number(r.slowestShare()));
            run.put("setupSeconds", number(r.setupSeconds()));
            run.put("latencyUs", latency(r.latency()));
        }
        run.put("cpuCores", cpu(m.serverCores(), m.generatorCores(), m.otherCores(), m.machineCores()));
        run.put("cpuMicrosPerOp", perOp(m.microsPerOp(m.serverCores()), m.microsPerOp(m.generatorCores())));
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("idleBytes", m.idleBytes() < 0 ? null : m.idleBytes());
        memory.put("loadedBytes", m.loadedBytes() < 0 ? null : m.loadedBytes());
        memory.put("bytesPerConnection", m.bytesPerConnection(mode) < 0 ? null : m.bytesPerConnection(mode));
        run.put("serverMemory", memory);
        run.put("serverProcesses", m.serverProcesses());
        run.put("serverThreads", m.serverThreads());
        run.put("problems", m.problems());
        return run;
    }

    private static Map<String, Object> summary(Summary s, BenchMode mode) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("target", s.target());
        summary.put("generator", s.generator());
        summary.put("clean", s.clean());
        summary.put("throughput", number(s.throughput()));
        summary.put("ratio", number(s.ratio()));
        summary.put("cpuAdjustedRatio", number(s.cpuAdjustedRatio()));
        summary.put("roundThroughputs", s.runs().stream().map(m -> number(m.throughput(mode))).toList());
        summary.put("latencyUs", latency(s.latency()));
        summary.put("cpuCores", cpu(s.serverCores(), s.generatorCores(), s.otherCores(), Double.NaN));
        summary.put("cpuMicrosPerOp", perOp(s.serverMicrosPerOp(), s.generatorMicrosPerOp()));
        summary.put("slowestConnectionShare", number(s.slowestShare()));
        summary.put("bytesPerConnection", s.bytesPerConnection() < 0 ? null : s.bytesPerConnection());
        summary.put("serverProcesses", s.maxServerProcesses());
        summary.put("serverThreads", s.maxServerThreads());
        summary.put("problems", s.problems());
        return summary;
    }

    private static Map<String, Object> latency(Latency latency) {
        if (latency == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("p50", latency.p50() / 1e3);
        json.put("p90", latency.p90() / 1e3);
        json.put("p99", latency.p99() / 1e3);
        json.put("p99_9", latency.p999() / 1e3);
        json.put("p99_99", latency.p9999() / 1e3);
        json.put("max", latency.max() / 1e3);
        return json;
    }

    private static Map<String, Object> cpu(double server, double generator, double other, double machine) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("server", number(server));
        json.put("generator", number(generator));
        json.put("other", number(other));
        if (!Double.isNaN(machine)) {
            json.put("machine", machine);
        }
        return json;
    }

    private static Map<String, Object> perOp(double server, double generator) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("server", number(server));
        json.put("generator", number(generator));
        return json;
    }

    private static Double number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 1000) / 1000.0;
    }
}
