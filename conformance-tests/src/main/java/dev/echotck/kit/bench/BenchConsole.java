package dev.echotck.kit.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** What a bench prints: a header, a line per run as it ends, then the table of medians and what went wrong. */
public final class BenchConsole {

    /** Worth a mention: a server this slow to serve its first clients starts something dear per client. */
    private static final double SLOW_SETUP_SECONDS = 0.5;

    private final PrintStream out;
    private final BenchRunner.Request request;

    public BenchConsole(PrintStream out, BenchRunner.Request request) {
        this.out = out;
        this.request = request;
    }

    public void header() {
        Load load = request.load();
        out.println("echotck bench: " + load.describe());
        List<String> names = request.targets().stream().map(BenchTarget::label).toList();
        out.println("  " + (names.size() > 1 ? "targets " + String.join(", ", names) + " (runs alternate)" : "target " + names.getFirst())
                + ", " + request.rounds() + (request.rounds() == 1 ? " round" : " rounds")
                + ", generator " + String.join(", ", request.generators()));
        out.println("  machine: " + MachineInfo.now().describe());
        out.flush();
    }

    /** One line per run, as it ends. */
    public void progress(Measurement m) {
        BenchMode mode = request.load().mode();
        StringBuilder line = new StringBuilder("  round %d/%d  %s".formatted(m.round(), request.rounds(), name(m.target(), m.generator())));
        if (m.error() != null) {
            line.append("  ERROR: ").append(m.error().lines().findFirst().orElse(""));
        } else {
            line.append("  ").append(Units.rate(m.throughput(mode))).append(' ').append(mode.unit());
            Latency latency = m.result().latency();
            if (latency != null) {
                line.append("  p50 ").append(Units.micros(latency.p50())).append(" us, p99 ").append(Units.micros(latency.p99())).append(" us");
            }
            line.append("  cpu (cores): server ").append(cores(m.serverCores())).append(", generator ")
                    .append(cores(m.generatorCores())).append(", other ").append(cores(m.otherCores()));
            if (Double.isNaN(m.result().setupSeconds())) {
                line.append("  (some connections never got an echo before the warmup; measured anyway)");
            } else if (m.result().setupSeconds() >= SLOW_SETUP_SECONDS) {
                line.append("  (every connection served after ").append(String.format(java.util.Locale.ROOT, "%.1f s",
                        m.result().setupSeconds())).append(")");
            }
            if (!m.clean() || m.result().stalled() > 0) {
                line.append("  ").append(verdict(m.result()));
            }
        }
        out.println(line);
        out.flush();
    }

    public void summary(BenchReport report) {
        BenchMode mode = report.load().mode();
        List<Summary> summaries = report.summaries();
        out.println();
        out.println("Results: " + report.load().describe() + (report.rounds() > 1 ? "; median of " + report.rounds() + " rounds" : ""));
        List<String> header = new ArrayList<>(List.of(report.showsGenerator() ? "target [generator]" : "target", mode.unit()));
        if (summaries.size() > 1) {
            header.add("vs " + name(summaries.getFirst().target(), summaries.getFirst().generator()));
            header.add("cpu-adj.");
        }
        if (mode.measuresLatency()) {
            header.addAll(List.of("p50 us", "p99 us", "p99.9 us", "max us"));
        }
        header.addAll(List.of("slowest", "cpu server", "cpu gen", "cpu other", "server us/op", "gen us/op"));
        if (mode != BenchMode.CONNECT) {
            header.add("mem/conn");
        }
        header.add("procs/threads");
        TextTable table = new TextTable(header);
        for (Summary s : summaries) {
            List<String> row = new ArrayList<>();
            row.add(name(s.target(), s.generator()));
            row.add(s.clean() ? Units.rate(s.throughput()) : s.runs().stream().anyMatch(m -> m.error() != null) ? "error" : "wrong");
            if (summaries.size() > 1) {
                row.add(Double.isNaN(s.ratio()) ? "-" : Units.ratio(s.ratio()));
                row.add(Double.isNaN(s.cpuAdjustedRatio()) ? "-" : Units.ratio(s.cpuAdjustedRatio()));
            }
            if (mode.measuresLatency()) {
                Latency l = s.latency();
                row.addAll(l == null ? List.of("-", "-", "-", "-")
                        : List.of(Units.micros(l.p50()), Units.micros(l.p99()), Units.micros(l.p999()), Units.micros(l.max())));
            }
            row.add(Double.isNaN(s.slowestShare()) ? "-" : Math.round(s.slowestShare() * 100) + "%");
            row.addAll(List.of(cores(s.serverCores()), cores(s.generatorCores()), cores(s.otherCores()),
                    micros(s.serverMicrosPerOp()), micros(s.generatorMicrosPerOp())));
            if (mode != BenchMode.CONNECT) {
                row.add(s.bytesPerConnection() < 0 ? "-" : Units.kibibytes(s.bytesPerConnection()));
            }
            row.add(s.maxServerProcesses() == 0 ? "-" : s.maxServerProcesses() + "/" + s.maxServerThreads());
            table.row(row);
        }
        out.print(table.render("  "));
        if (summaries.size() > 1) {
            out.println("  vs: median of the ratios between runs of the same round; cpu-adj.: the same per CPU-second of server "
                    + "and generator together (what each would reach with the machine to itself)");
        }
        out.println("  cpu: cores busy over the measured window (" + report.machine().cores() + " in all): the server's process tree, "
                + "the generator's process, everything else on the machine;");
        out.println("  us/op: CPU microseconds per " + switch (mode) {
            case PINGPONG -> "round trip";
            case STREAM -> Units.bytes(report.load().size()) + " echoed";
            case CONNECT -> "connection";
        } + ", steadier than throughput on a busy machine; slowest: the slowest connection's share of the mean (worst round)");
        for (Summary s : summaries) {
            if (!s.clean() || s.starved()) {
                out.println();
                out.println(name(s.target(), s.generator()) + ": " + (s.runs().stream().anyMatch(m -> m.error() != null) ? "ERROR"
                        : !s.clean() ? "WRONG: a server that echoes wrong bytes or drops connections is not fast; its number does not count"
                        : "UNFAIR: some connections got nothing back for a whole window"));
                s.problems().forEach(p -> out.println("  " + p));
            }
        }
        out.flush();
    }

    private String name(String target, String generator) {
        return request.generators().size() > 1 ? target + " [" + generator + "]" : target;
    }

    private static String verdict(LoadResult result) {
        List<String> parts = new ArrayList<>();
        if (result.failed() > 0) {
            parts.add("WRONG: " + result.failed() + "/" + result.connections() + " connections failed");
        }
        if (result.stalled() > 0) {
            parts.add(result.stalled() + "/" + result.connections() + " connections starved");
        }
        return String.join(", ", parts);
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "-" : String.format(java.util.Locale.ROOT, value < 10 ? "%.2f" : "%,.0f", value);
    }

    private static String cores(double value) {
        return Double.isNaN(value) ? "-" : Units.cores(value);
    }
}
