package dev.echotck.kit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bench.html} of an idle bench: memory per idle connection per target on a log scale (an
 * event loop's kilobyte and a child JVM's megabytes on one chart), each round's value, and the
 * table; self-contained like the load modes' page.
 */
public final class IdleHtml {

    private IdleHtml() {
    }

    /** @param command the command line that produced the report, to reproduce it */
    public static void write(IdleReport report, String command, Path file) throws IOException {
        Files.writeString(file, render(report, command), StandardCharsets.UTF_8);
    }

    static String render(IdleReport report, String command) {
        String title = IdleReport.describe(report.connections());
        StringBuilder html = new StringBuilder(BenchHtml.head(title));
        html.append("<h1>echotck bench: ").append(BenchHtml.escape(title)).append("</h1>\n");
        html.append("<p>").append(BenchHtml.escape(report.machine().describe())).append("; ")
                .append(BenchHtml.escape(report.machine().kernel())).append("; ").append(BenchHtml.escape(report.machine().javaVersion()))
                .append("<br>").append(BenchHtml.escape(report.machine().date().toString())).append(", ").append(report.rounds())
                .append(report.rounds() == 1 ? " round" : " rounds (runs alternate between targets; medians)")
                .append(", a fresh server per run</p>\n");
        if (command != null) {
            html.append("<p>Reproduce: <code>").append(BenchHtml.escape(command)).append("</code></p>\n");
        }
        html.append("<h2>Memory per idle connection (PSS, log scale)</h2>\n").append(chart(report));
        html.append("<h2>Table</h2>\n").append(table(report));
        html.append("<p class=\"note\">Memory per connection: growth of the server tree's proportional set size (PSS: a page "
                + "shared by k processes counts 1/k in each) from before the connections opened to after, each reading taken once "
                + "two readings a second apart agreed within 1%, divided by the connections. Each connection echoed one line first, "
                + "so the server really holds it. RSS counts shared pages once per process; kernel memory (socket buffers, thread "
                + "structures) is in neither.</p>\n");
        for (IdleSummary s : report.summaries()) {
            if (!s.clean()) {
                html.append("<p class=\"wrong\">").append(BenchHtml.escape(s.target())).append(": not every connection was served "
                        + "and kept</p>\n<ul>");
                s.problems().forEach(p -> html.append("<li>").append(BenchHtml.escape(p)).append("</li>"));
                html.append("</ul>\n");
            }
        }
        html.append("</body></html>\n");
        return html.toString();
    }

    private static String chart(IdleReport report) {
        List<IdleSummary> summaries = report.summaries();
        double max = Math.log10(Math.max(2048, summaries.stream().flatMap(s -> s.runs().stream())
                .mapToDouble(IdleMeasurement::pssPerConnection).filter(v -> !Double.isNaN(v)).max().orElse(2048)));
        double min = Math.log10(256); // 256 B: below that, nothing a connection costs
        int plot = BenchHtml.WIDTH - BenchHtml.LABEL_WIDTH - 150;
        StringBuilder svg = BenchHtml.svgOpen(summaries.size() * BenchHtml.ROW + 10);
        for (int i = 0; i < summaries.size(); i++) {
            IdleSummary s = summaries.get(i);
            int y = i * BenchHtml.ROW + 5;
            svg.append(BenchHtml.text(BenchHtml.LABEL_WIDTH - 8, y + 17, "end", s.target()));
            double value = s.pssPerConnection();
            int width = !(value > 0) ? 1 : (int) Math.round(plot * Math.max(0, Math.log10(value) - min) / (max - min));
            svg.append("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"%s\"></rect>".formatted(BenchHtml.LABEL_WIDTH, y + 2,
                    Math.max(width, 1), Double.isNaN(value) ? "#c00" : BenchHtml.PALETTE[i % BenchHtml.PALETTE.length]));
            for (IdleMeasurement run : s.runs()) {
                if (run.pssPerConnection() > 0) {
                    int x = BenchHtml.LABEL_WIDTH + (int) Math.round(plot * Math.max(0, Math.log10(run.pssPerConnection()) - min) / (max - min));
                    svg.append("<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"#000\" fill-opacity=\"0.55\"><title>round %d: %s</title></circle>"
                            .formatted(x, y + 12, run.round(), BenchHtml.escape(Units.kibibytes(run.pssPerConnection()))));
                }
            }
            svg.append(BenchHtml.text(BenchHtml.LABEL_WIDTH + Math.max(width, 1) + 8, y + 17, "start",
                    Double.isNaN(value) ? "no figure: connections turned away" : Units.kibibytes(value)));
        }
        return svg.append("</svg>\n").toString();
    }

    private static String table(IdleReport report) {
        StringBuilder html = new StringBuilder("<table><tr><th>target</th><th>memory/conn (PSS)</th><th>RSS/conn</th>"
                + "<th>threads/conn</th><th>processes/conn</th><th>threads before/after</th><th>processes before/after</th>"
                + "<th>served (worst round)</th></tr>\n");
        for (IdleSummary s : report.summaries()) {
            int served = s.runs().stream().mapToInt(IdleMeasurement::served).min().orElse(0);
            html.append("<tr><td>").append(BenchHtml.escape(s.target())).append("</td><td").append(s.clean() ? ">" : " class=\"wrong\">")
                    .append(Double.isNaN(s.pssPerConnection()) ? "-" : Units.kibibytes(s.pssPerConnection())).append("</td><td>")
                    .append(Double.isNaN(s.rssPerConnection()) ? "-" : Units.kibibytes(s.rssPerConnection())).append("</td><td>")
                    .append(IdleConsole.perConnection(s.threadsPerConnection())).append("</td><td>")
                    .append(IdleConsole.perConnection(s.processesPerConnection())).append("</td><td>")
                    .append(s.threadsBefore() < 0 ? "-" : s.threadsBefore() + " / " + s.threadsAfter()).append("</td><td>")
                    .append(s.processesBefore() < 0 ? "-" : s.processesBefore() + " / " + s.processesAfter()).append("</td><td>")
                    .append(served).append(" / ").append(report.connections()).append("</td></tr>\n");
        }
        return html.append("</table>\n").toString();
    }
}
