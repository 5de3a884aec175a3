package dev.echotck.kit.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.echotck.kit.process.TreeMemory.Footprint;

/**
 * {@code bench.json} of an idle bench: the machine, every run in the order it ran (the tree before
 * and after, who was served), and the medians per target. Memory in bytes; a value that could
 * not be measured, or would be wrong (connections turned away), is null.
 */
public final class IdleJson {

    private IdleJson() {
    }

    public static void write(IdleReport report, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toMap(report));
    }

    static Map<String, Object> toMap(IdleReport report) {
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
        load.put("mode", "idle");
        load.put("connections", report.connections());
        json.put("load", load);
        json.put("rounds", report.rounds());
        json.put("targets", report.targets().stream().map(t -> {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("label", t.label());
            target.put("target", t.describe());
            return target;
        }).toList());
        json.put("tookMs", report.took().toMillis());
        json.put("exitCode", report.exitCode());
        json.put("runs", report.runs().stream().map(IdleJson::run).toList());
        json.put("summary", report.summaries().stream().map(IdleJson::summary).toList());
        return json;
    }

    private static Map<String, Object> run(IdleMeasurement m) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("round", m.round());
        run.put("target", m.target());
        run.put("clean", m.clean());
        run.put("connections", m.connections());
        run.put("served", m.served());
        run.put("refused", m.refused());
        run.put("closedBeforeEcho", m.closed());
        run.put("silent", m.silent());
        run.put("wrong", m.wrong());
        run.put("turnedAway", m.turnedAway());
        run.put("lostWhileIdle", m.lostIdle());
        run.put("setupSeconds", number(m.setupSeconds()));
        run.put("before", m.before() == null ? null : tree(m.before()));
        run.put("after", m.after() == null ? null : tree(m.after()));
        run.put("pssBytesPerConnection", bytes(m.pssPerConnection()));
        run.put("rssBytesPerConnection", bytes(m.rssPerConnection()));
        run.put("threadsPerConnection", number(m.threadsPerConnection()));
        run.put("processesPerConnection", number(m.processesPerConnection()));
        run.put("problems", m.problems());
        return run;
    }

    private static Map<String, Object> tree(SettledMemory reading) {
        Footprint f = reading.footprint();
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("pssBytes", f.pssBytes());
        tree.put("rssBytes", f.rssBytes());
        tree.put("processes", f.processes());
        tree.put("threads", f.threads());
        tree.put("settled", reading.settled());
        tree.put("settleMs", reading.waited().toMillis());
        return tree;
    }

    private static Map<String, Object> summary(IdleSummary s) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("target", s.target());
        summary.put("clean", s.clean());
        summary.put("pssBytesPerConnection", bytes(s.pssPerConnection()));
        summary.put("rssBytesPerConnection", bytes(s.rssPerConnection()));
        summary.put("threadsPerConnection", number(s.threadsPerConnection()));
        summary.put("processesPerConnection", number(s.processesPerConnection()));
        summary.put("roundPssBytesPerConnection", s.runs().stream().map(m -> bytes(m.pssPerConnection())).toList());
        summary.put("threadsBefore", s.threadsBefore() < 0 ? null : s.threadsBefore());
        summary.put("threadsAfter", s.threadsAfter() < 0 ? null : s.threadsAfter());
        summary.put("processesBefore", s.processesBefore() < 0 ? null : s.processesBefore());
        summary.put("processesAfter", s.processesAfter() < 0 ? null : s.processesAfter());
        summary.put("problems", s.problems());
        return summary;
    }

    /** Whole bytes, or null for no figure. */
    private static Long bytes(double value) {
        return Double.isNaN(value) ? null : Math.round(value);
    }

    private static Double number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 1000) / 1000.0;
    }
}
