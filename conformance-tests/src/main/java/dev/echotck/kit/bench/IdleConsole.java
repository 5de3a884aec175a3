package dev.echotck.kit.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import dev.echotck.kit.process.TreeMemory.Footprint;

/** What an idle bench prints: a header, a line per run as it ends, then the table of medians and what went wrong. */
public final class IdleConsole {

    private final PrintStream out;
    private final IdleRunner.Request request;

    public IdleConsole(PrintStream out, IdleRunner.Request request) {
        this.out = out;
        this.request = request;
    }

    public void header() {
        out.println("echotck bench: " + IdleReport.describe(request.connections()));
        List<String> names = request.targets().stream().map(BenchTarget::label).toList();
        out.println("  " + (names.size() > 1 ? "targets " + String.join(", ", names) + " (runs alternate)" : "target " + names.getFirst())
                + ", " + request.rounds() + (request.rounds() == 1 ? " round" : " rounds") + ", a fresh server per run");
        out.println("  machine: " + MachineInfo.now().describe());
        out.flush();
    }

    /** One line per run, as it ends. */
    public void progress(IdleMeasurement m) {
        StringBuilder line = new StringBuilder("  round %d/%d  %s".formatted(m.round(), request.rounds(), m.target()));
        if (m.error() != null) {
            line.append("  ERROR: ").append(m.error().lines().findFirst().orElse(""));
        } else {
            line.append("  ").append(m.served()).append('/').append(m.connections()).append(" served in ")
                    .append(String.format(Locale.ROOT, "%.1f s", m.setupSeconds()));
            line.append("  pss ").append(tree(m.before().footprint())).append(" -> ").append(tree(m.after().footprint()));
            if (m.clean()) {
                line.append("  = ").append(Units.kibibytes(m.pssPerConnection())).append("/conn");
            }
            if (!m.before().settled() || !m.after().settled()) {
                line.append("  (memory still moving after ").append(Units.seconds(SettledMemory.BOUND)).append(")");
            }
            if (!m.clean()) {
                line.append("  ").append(m.problems().getFirst());
            }
        }
        out.println(line);
        out.flush();
    }

    public void summary(IdleReport report) {
        out.println();
        out.println("Results: " + IdleReport.describe(report.connections())
                + (report.rounds() > 1 ? "; median of " + report.rounds() + " rounds" : ""));
        TextTable table = new TextTable(List.of("target", "mem/conn (PSS)", "RSS/conn", "threads/conn", "procs/conn",
                "threads before/after", "procs before/after"));
        for (IdleSummary s : report.summaries()) {
            table.row(List.of(s.target(),
                    Double.isNaN(s.pssPerConnection()) ? (s.runs().stream().anyMatch(m -> m.error() != null) ? "error" : "-")
                            : Units.kibibytes(s.pssPerConnection()),
                    Double.isNaN(s.rssPerConnection()) ? "-" : Units.kibibytes(s.rssPerConnection()),
                    perConnection(s.threadsPerConnection()), perConnection(s.processesPerConnection()),
                    s.threadsBefore() < 0 ? "-" : s.threadsBefore() + "/" + s.threadsAfter(),
                    s.processesBefore() < 0 ? "-" : s.processesBefore() + "/" + s.processesAfter()));
        }
        out.print(table.render("  "));
        out.println("  mem/conn: growth of the server tree's PSS (proportional set size: a page shared by k processes counts 1/k in "
                + "each) from before the connections to after, each reading taken once two readings a second apart agreed within 1%, "
                + "divided by the connections; RSS/conn counts shared pages once per process. Kernel memory (socket buffers, "
                + "thread structures) is in neither.");
        for (IdleSummary s : report.summaries()) {
            if (!s.clean()) {
                out.println();
                out.println(s.target() + ": " + (s.runs().stream().anyMatch(m -> m.error() != null) ? "ERROR"
                        : "INCOMPLETE: not every connection was served and kept; no per-connection figure from those runs"));
                s.problems().forEach(p -> out.println("  " + p));
            }
        }
        out.flush();
    }

    private static String tree(Footprint f) {
        return Units.mebibytes(f.pssBytes()) + " (" + f.processes() + (f.processes() == 1 ? " proc, " : " procs, ") + f.threads() + " threads)";
    }

    static String perConnection(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
