package dev.echotck.kit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench.html}: one self-contained page (no scripts, no fonts, no links to fetch; charts are
 * inline SVG) that can be attached to a CI run or mailed: throughput per target with each
 * round's value, latency percentiles, and the CPU split that says who was the bottleneck.
 */
public final class BenchHtml {

    static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"};
    static final int WIDTH = 760;
    static final int LABEL_WIDTH = 190;
    static final int ROW = 30;

    private BenchHtml() {
    }

    /** @param command the command line that produced the report, to reproduce it */
    public static void write(BenchReport report, String command, Path file) throws IOException {
        Files.writeString(file, render(report, command), StandardCharsets.UTF_8);
    }

    static String render(BenchReport report, String command) {
        BenchMode mode = report.load().mode();
        StringBuilder html = new StringBuilder();
        html.append(head(report.load().describe()));
        html.append("<h1>echotck bench: ").append(escape(report.load().describe())).append("</h1>\n");
        html.append("<p>").append(escape(report.machine().describe())).append("; ").append(escape(report.machine().kernel()))
                .append("; ").append(escape(report.machine().javaVersion())).append("<br>")
                .append(escape(report.machine().date().toString())).append(", ").append(report.rounds())
                .append(report.rounds() == 1 ? " round" : " rounds (runs alternate between targets; medians)")
                .append(", generator ").append(escape(String.join(", ", report.generators()))).append("</p>\n");
        if (command != null) {
            html.append("<p>Reproduce: <code>").append(escape(command)).append("</code></p>\n");
        }

        html.append("<h2>Throughput (").append(escape(mode.unit())).append(")</h2>\n");
        html.append(throughputChart(report));
        if (report.summaries().size() > 1) {
            html.append("<h2>Ratio to ").append(escape(name(report, report.summaries().getFirst())))
                    .append(": raw and cpu-adjusted</h2>\n<p class=\"note\">Both are medians of the ratios between runs of the same "
                            + "round. Cpu-adjusted divides each run's throughput by the CPU its server and generator got: on a shared "
                            + "machine, what other users took during a run cancels out, so it is the steadier of the two.</p>\n");
            html.append(ratioChart(report));
        }
        if (mode.measuresLatency() && report.summaries().stream().anyMatch(s -> s.latency() != null)) {
            html.append("<h2>Latency percentiles (").append(mode == BenchMode.PINGPONG ? "round trip" : "open, echo one byte, close")
                    .append(", microseconds, log scale)</h2>\n");
            html.append(latencyChart(report));
        }
        html.append("<h2>CPU over the measured window (cores)</h2>\n");
        html.append("<p class=\"note\">The server's process tree, the load generator, and everything else on the machine, out of ")
                .append(report.machine().cores()).append(" cores. A server near a whole core per event loop, or a machine with no idle "
                        + "core left, is the bottleneck; a large share for others means the machine was busy with other work.</p>\n");
        html.append(cpuChart(report));
        html.append("<h2>Table</h2>\n<div style=\"overflow-x:auto\">").append(table(report)).append("</div>\n");
        html.append("<p class=\"note\">Ratio: the median of the ratios between runs of the same round. Cpu-adjusted ratio: the "
                + "same for operations per CPU-second of server and generator together, what each would reach with the machine "
                + "to itself (on a shared machine, what other users take cancels out). us/op: CPU microseconds per operation. "
                + "Slowest connection: its share of the mean, in the worst round. Memory per connection: growth of the server's "
                + "proportional set size (PSS) from before the connections opened to the end of the window, per connection.</p>\n");
        for (Summary s : report.summaries()) {
            if (!s.clean() || s.starved()) {
                html.append("<p class=\"wrong\">").append(escape(name(report, s))).append(": ")
                        .append(s.runs().stream().anyMatch(m -> m.error() != null) ? "error"
                                : !s.clean() ? "wrong: its number does not count" : "unfair: some connections got nothing back for a whole window")
                        .append("</p>\n<ul>");
                s.problems().forEach(p -> html.append("<li>").append(escape(p)).append("</li>"));
                html.append("</ul>\n");
            }
        }
        html.append("</body></html>\n");
        return html.toString();
    }

    /** The page's head and style, shared with the idle mode's page. */
    static String head(String title) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>echotck bench: %s</title>
                <style>
                body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}
                h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em}
                table{border-collapse:collapse;font-size:.9em}th,td{padding:.25em .6em;border-bottom:1px solid #ddd}
                td{text-align:right}td:first-child,th:first-child{text-align:left;white-space:nowrap}
                .wrong{color:#c00;font-weight:bold}code,pre{background:#f4f4f4;padding:.1em .3em}
                pre{padding:.6em;overflow-x:auto}svg text{font-family:inherit;font-size:12px}.note{color:#555;font-size:.9em}
                </style></head><body>
                """.formatted(escape(title));
    }

    private static String throughputChart(BenchReport report) {
        BenchMode mode = report.load().mode();
        List<Summary> summaries = report.summaries();
        double max = summaries.stream().flatMap(s -> s.runs().stream()).mapToDouble(m -> m.throughput(mode)).max().orElse(1);
        max = max <= 0 ? 1 : max;
        int plot = WIDTH - LABEL_WIDTH - 150;
        StringBuilder svg = svgOpen(summaries.size() * ROW + 10);
        for (int i = 0; i < summaries.size(); i++) {
            Summary s = summaries.get(i);
            int y = i * ROW + 5;
            svg.append(text(LABEL_WIDTH - 8, y + 17, "end", name(report, s)));
            boolean counts = s.clean();
            double value = counts ? s.throughput() : 0;
            int width = (int) Math.round(plot * value / max);
            svg.append("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"%s\"><title>%s</title></rect>"
                    .formatted(LABEL_WIDTH, y + 2, Math.max(width, 1), counts ? PALETTE[i % PALETTE.length] : "#c00",
                            escape(Units.rate(s.throughput()) + " " + mode.unit())));
            for (Measurement run : s.runs()) {
                int x = LABEL_WIDTH + (int) Math.round(plot * run.throughput(mode) / max);
                svg.append("<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"#000\" fill-opacity=\"0.55\"><title>round %d: %s</title></circle>"
                        .formatted(x, y + 12, run.round(), escape(Units.rate(run.throughput(mode)))));
            }
            String label = counts ? Units.rate(s.throughput()) + (Double.isNaN(s.ratio()) || summaries.size() == 1 ? ""
                    : "  (" + Units.ratio(s.ratio()) + ")") : "wrong: does not count";
            double furthest = s.runs().stream().mapToDouble(m -> m.throughput(mode)).max().orElse(0);
            int labelAt = LABEL_WIDTH + Math.max(Math.max(width, 1), (int) Math.round(plot * furthest / max) + 4);
            svg.append(text(labelAt + 6, y + 17, "start", label));
        }
        return svg.append("</svg>\n").toString();
    }

    private static String ratioChart(BenchReport report) {
        List<Summary> summaries = report.summaries();
        double max = 1;
        for (Summary s : summaries) {
            max = Math.max(max, Math.max(zero(s.ratio()), zero(s.cpuAdjustedRatio())));
        }
        int plot = WIDTH - LABEL_WIDTH - 90;
        StringBuilder svg = svgOpen(summaries.size() * ROW + 40);
        int one = LABEL_WIDTH + (int) Math.round(plot / max);
        for (int i = 0; i < summaries.size(); i++) {
            Summary s = summaries.get(i);
            int y = i * ROW + 5;
            svg.append(text(LABEL_WIDTH - 8, y + 17, "end", name(report, s)));
            String color = s.clean() ? PALETTE[i % PALETTE.length] : "#c00";
            double[] ratios = {zero(s.ratio()), zero(s.cpuAdjustedRatio())};
            for (int k = 0; k < 2; k++) {
                int width = (int) Math.round(plot * ratios[k] / max);
                svg.append("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"10\" fill=\"%s\" fill-opacity=\"%s\"/>"
                        .formatted(LABEL_WIDTH, y + 2 + k * 11, Math.max(width, 1), color, k == 0 ? "0.4" : "1"));
                svg.append("<text x=\"%d\" y=\"%d\" text-anchor=\"start\" font-size=\"10\">%s</text>".formatted(
                        LABEL_WIDTH + Math.max(width, 1) + 4, y + 11 + k * 11,
                        (k == 0 ? "raw " : "cpu-adj. ") + (ratios[k] == 0 ? "-" : Units.ratio(ratios[k]))));
            }
        }
        svg.append("<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>"
                .formatted(one, one, summaries.size() * ROW + 5));
        svg.append(text(one, summaries.size() * ROW + 22, "middle", "1.0x"));
        return svg.append("</svg>\n").toString();
    }

    private static String latencyChart(BenchReport report) {
        List<Summary> summaries = report.summaries().stream().filter(s -> s.latency() != null).toList();
        String[] names = {"p50", "p90", "p99", "p99.9", "p99.99", "max"};
        long lowest = Long.MAX_VALUE;
        long highest = 1;
        for (Summary s : summaries) {
            for (long v : values(s.latency())) {
                lowest = Math.min(lowest, Math.max(v, 1));
                highest = Math.max(highest, v);
            }
        }
        double low = Math.floor(Math.log10(lowest / 1e3));
        double high = Math.ceil(Math.log10(highest / 1e3));
        if (high <= low) {
            high = low + 1;
        }
        int left = 60;
        int top = 10;
        int plotWidth = WIDTH - left - 200;
        int plotHeight = 240;
        StringBuilder svg = svgOpen(plotHeight + 50);
        for (double decade = low; decade <= high; decade++) {
            int y = top + (int) Math.round(plotHeight * (high - decade) / (high - low));
            svg.append("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>".formatted(left, y, left + plotWidth, y));
            svg.append(text(left - 6, y + 4, "end", formatMicros(Math.pow(10, decade))));
        }
        for (int i = 0; i < names.length; i++) {
            int x = left + plotWidth * i / (names.length - 1);
            svg.append(text(x, top + plotHeight + 18, "middle", names[i]));
        }
        for (int k = 0; k < summaries.size(); k++) {
            Summary s = summaries.get(k);
            String color = PALETTE[report.summaries().indexOf(s) % PALETTE.length];
            long[] values = values(s.latency());
            List<String> points = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                double log = Math.log10(Math.max(values[i], 1) / 1e3);
                int x = left + plotWidth * i / (values.length - 1);
                int y = top + (int) Math.round(plotHeight * (high - log) / (high - low));
                points.add(x + "," + y);
                svg.append("<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"%s\"><title>%s %s: %s us</title></circle>"
                        .formatted(x, y, color, escape(name(report, s)), names[i], Units.micros(values[i])));
            }
            svg.append("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>".formatted(color, String.join(" ", points)));
            int legendY = top + 14 + k * 18;
            svg.append("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>".formatted(left + plotWidth + 20, legendY - 10, color));
            svg.append(text(left + plotWidth + 38, legendY, "start", name(report, s) + (s.clean() ? "" : " (wrong)")));
        }
        return svg.append("</svg>\n").toString();
    }

    private static String cpuChart(BenchReport report) {
        List<Summary> summaries = report.summaries();
        int cores = report.machine().cores();
        int plot = WIDTH - LABEL_WIDTH - 20;
        StringBuilder svg = svgOpen(summaries.size() * ROW + 40);
        String[] parts = {"server", "generator", "others", "idle"};
        String[] colors = {"#1f77b4", "#ff7f0e", "#999999", "#eeeeee"};
        for (int i = 0; i < summaries.size(); i++) {
            Summary s = summaries.get(i);
            int y = i * ROW + 5;
            svg.append(text(LABEL_WIDTH - 8, y + 17, "end", name(report, s)));
            double[] values = {zero(s.serverCores()), zero(s.generatorCores()), zero(s.otherCores()), 0};
            values[3] = Math.max(0, cores - values[0] - values[1] - values[2]);
            double x = LABEL_WIDTH;
            for (int p = 0; p < parts.length; p++) {
                double width = plot * values[p] / Math.max(cores, values[0] + values[1] + values[2]);
                svg.append("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"><title>%s: %s cores</title></rect>"
                        .formatted(x, y + 2, width, colors[p], parts[p], Units.cores(values[p])));
                if (width > 34 && p < 3) {
                    svg.append(text((int) (x + width / 2), y + 16, "middle", Units.cores(values[p])));
                }
                x += width;
            }
        }
        int legendY = summaries.size() * ROW + 25;
        for (int p = 0; p < parts.length; p++) {
            int x = LABEL_WIDTH + p * 110;
            svg.append("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\" stroke=\"#999\"/>".formatted(x, legendY - 10, colors[p]));
            svg.append(text(x + 16, legendY, "start", parts[p]));
        }
        return svg.append("</svg>\n").toString();
    }

    private static String table(BenchReport report) {
        BenchMode mode = report.load().mode();
        StringBuilder html = new StringBuilder("<table><tr><th>target</th><th>").append(escape(mode.unit())).append("</th><th>ratio</th><th>cpu-adjusted ratio</th>");
        if (mode.measuresLatency()) {
            html.append("<th>p50 us</th><th>p99 us</th><th>p99.9 us</th><th>max us</th>");
        }
        html.append("<th>slowest connection</th><th>cpu server</th><th>cpu generator</th><th>cpu other</th><th>server us/op</th><th>generator us/op</th>"
                + "<th>memory per connection</th><th>processes / threads</th></tr>\n");
        for (Summary s : report.summaries()) {
            html.append("<tr><td>").append(escape(name(report, s))).append("</td><td")
                    .append(s.clean() ? ">" + Units.rate(s.throughput()) : " class=\"wrong\">wrong").append("</td><td>")
                    .append(Double.isNaN(s.ratio()) ? "-" : Units.ratio(s.ratio())).append("</td><td>")
                    .append(Double.isNaN(s.cpuAdjustedRatio()) ? "-" : Units.ratio(s.cpuAdjustedRatio())).append("</td>");
            if (mode.measuresLatency()) {
                Latency l = s.latency();
                for (long v : l == null ? new long[] {-1, -1, -1, -1} : new long[] {l.p50(), l.p99(), l.p999(), l.max()}) {
                    html.append("<td>").append(v < 0 ? "-" : Units.micros(v)).append("</td>");
                }
            }
            html.append("<td>").append(Double.isNaN(s.slowestShare()) ? "-" : Math.round(s.slowestShare() * 100) + "%").append("</td>");
            html.append("<td>").append(cores(s.serverCores())).append("</td><td>").append(cores(s.generatorCores()))
                    .append("</td><td>").append(cores(s.otherCores())).append("</td><td>")
                    .append(micros(s.serverMicrosPerOp())).append("</td><td>").append(micros(s.generatorMicrosPerOp())).append("</td><td>")
                    .append(s.bytesPerConnection() < 0 ? "-" : Units.kibibytes(s.bytesPerConnection())).append("</td><td>")
                    .append(s.maxServerProcesses() == 0 ? "-" : s.maxServerProcesses() + " / " + s.maxServerThreads()).append("</td></tr>\n");
        }
        return html.append("</table>\n").toString();
    }

    private static long[] values(Latency l) {
        return new long[] {l.p50(), l.p90(), l.p99(), l.p999(), l.p9999(), l.max()};
    }

    private static String formatMicros(double us) {
        return us >= 1000 ? String.format(Locale.ROOT, "%,.0f ms", us / 1000) : String.format(Locale.ROOT, "%.0f us", us);
    }

    static StringBuilder svgOpen(int height) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">"
                .formatted(WIDTH, height, WIDTH, height));
    }

    static String text(int x, int y, String anchor, String content) {
        return "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>".formatted(x, y, anchor, escape(content));
    }

    private static String name(BenchReport report, Summary s) {
        return report.showsGenerator() ? s.target() + " [" + s.generator() + "]" : s.target();
    }

    private static double zero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, value < 10 ? "%.2f" : "%,.0f", value);
    }

    private static String cores(double value) {
        return Double.isNaN(value) ? "-" : Units.cores(value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
