package dev.echotck.kit.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.echotck.kit.engine.Figure;
import dev.echotck.kit.engine.Figure.Tone;

/**
 * Draws a check's {@link Figure}s as inline SVG inside a {@code <figure>}, with a caption that says
 * in words what the picture shows (for screen readers, for printouts without colour, and for
 * anyone who prefers numbers). Shapes carry the meaning, colour only repeats it: a cross is what
 * broke the rule, a filled dot what the rule expects, a hatched bar a state that breaks it.
 */
final class FigureSvg {

    private static final int WIDTH = 720;
    /** Average width of a character at the labels' font size, for laying labels out without overlaps. */
    private static final double CHAR = 6.3;

    private FigureSvg() {
    }

    /** @param id unique on the page: the SVG's patterns and labels are named after it */
    static String render(Figure figure, String id) {
        return switch (figure) {
            case Figure.Series series -> series(series, id);
            case Figure.Timeline timeline -> timeline(timeline, id);
        };
    }

    // ---- counts over time -------------------------------------------------------------------

    private static String series(Figure.Series s, String id) {
        int left = 56, right = WIDTH - 20, top = 52, bottom = 228, height = 268;
        double tMax = Math.max(1, Math.max(s.points().stream().mapToLong(Figure.Point::atMillis).max().orElse(0),
                s.marks().stream().mapToLong(Figure.Mark::atMillis).max().orElse(0))) / 1000.0;
        double vMax = Math.max(s.points().stream().mapToDouble(Figure.Point::value).max().orElse(1),
                s.thresholds().stream().mapToDouble(Figure.Threshold::value).max().orElse(0));
        double tStep = step(tMax, 8);
        double xEnd = Math.ceil(tMax / tStep) * tStep;
        double vStep = Math.max(1, step(vMax * 1.1, 5));
        double yEnd = Math.max(vStep, Math.ceil(vMax * 1.1 / vStep) * vStep);
        Function<Double, Double> x = t -> left + (right - left) * t / xEnd;
        Function<Double, Double> y = v -> bottom - (bottom - top) * v / yEnd;

        StringBuilder svg = svgOpen(id, height, s.title());
        svg.append("<desc id=\"").append(id).append("-desc\">").append(Html.text(describe(s))).append("</desc>");
        for (int i = 0; i * vStep <= yEnd + 1e-9; i++) {
            double v = i * vStep;
            double yy = y.apply(v);
            svg.append(line(left, yy, right, yy, "grid"));
            svg.append(text(left - 6, yy + 4, "end", "tick", number(v)));
        }
        for (int i = 0; i * tStep <= xEnd + 1e-9; i++) {
            double t = i * tStep;
            double xx = x.apply(t);
            svg.append(line(xx, bottom, xx, bottom + 4, "axis"));
            svg.append(text(xx, bottom + 17, "middle", "tick", number(t)));
        }
        svg.append(line(left, bottom, right, bottom, "axis")).append(line(left, top, left, bottom, "axis"));
        svg.append(text((left + right) / 2.0, height - 6, "middle", "axis-title", "seconds since the check started"));
        svg.append("<text class=\"axis-title\" text-anchor=\"middle\" transform=\"translate(14 ")
                .append(fmt((top + bottom) / 2.0)).append(") rotate(-90)\">").append(Html.text(s.unit())).append("</text>");

        // moments: dotted verticals, labels in up to three rows above the plot so that neighbours do not collide
        double[] rowEnd = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Figure.Mark m : s.marks()) {
            double xx = x.apply(m.atMillis() / 1000.0);
            svg.append(line(xx, top - 4, xx, bottom, "mark"));
            double w = m.label().length() * CHAR;
            double start = Math.min(xx - 2, right - w);
            int row = -1;
            for (int r = 0; r < rowEnd.length && row < 0; r++) {
                row = start > rowEnd[r] + 6 ? r : -1;
            }
            if (row >= 0) {
                rowEnd[row] = start + w;
                svg.append(text(start, top - 36 + row * 13, "start", "mark-label", m.label()));
            }
        }
        for (Figure.Threshold limit : s.thresholds()) {
            double yy = y.apply(limit.value());
            svg.append(line(left, yy, right, yy, "limit"));
            svg.append(text(right - 4, yy + 15, "end", "limit-label", limit.label()));
        }
        if (!s.points().isEmpty()) {
            String path = s.points().stream().map(p -> fmt(x.apply(p.atMillis() / 1000.0)) + "," + fmt(y.apply(p.value())))
                    .collect(Collectors.joining(" "));
            svg.append("<polyline class=\"series\" points=\"").append(path).append("\"/>");
            if (s.points().size() <= 80) {
                for (Figure.Point p : s.points()) {
                    svg.append("<circle class=\"dot\" r=\"2.6\" cx=\"").append(fmt(x.apply(p.atMillis() / 1000.0)))
                            .append("\" cy=\"").append(fmt(y.apply(p.value()))).append("\"/>");
                }
            }
            Figure.Point last = s.points().getLast();
            double lx = x.apply(last.atMillis() / 1000.0), ly = y.apply(last.value());
            svg.append(text(lx - 6, ly - 8, "end", "value-label", "last: " + number(last.value())));
        }
        svg.append("</svg>");
        return figure(svg, s.title(), describe(s), "");
    }

    /** The series in words: where it started, its peak, where it ended, and the line it is judged by. */
    static String describe(Figure.Series s) {
        if (s.points().isEmpty()) {
            return "no samples";
        }
        Figure.Point first = s.points().getFirst();
        Figure.Point last = s.points().getLast();
        Figure.Point peak = s.points().stream().max(Comparator.comparingDouble(Figure.Point::value)).orElse(first);
        StringBuilder text = new StringBuilder(s.points().size() + " samples of the " + s.unit() + " over "
                + seconds(last.atMillis()) + ": " + number(first.value()) + " at " + seconds(first.atMillis())
                + ", highest " + number(peak.value()) + " at " + seconds(peak.atMillis()) + ", last "
                + number(last.value()) + " at " + seconds(last.atMillis()));
        s.thresholds().forEach(t -> text.append("; the dashed line is ").append(t.label()).append(" (")
                .append(number(t.value())).append(")"));
        if (!s.marks().isEmpty()) {
            text.append("; dotted lines mark: ").append(s.marks().stream()
                    .map(m -> m.label() + " at " + seconds(m.atMillis())).collect(Collectors.joining(", ")));
        }
        return text.append('.').toString();
    }

    // ---- who did what when ------------------------------------------------------------------

    private record Label(double x, String anchor, String text, Tone tone, boolean span, double markerX) {
        double from() {
            return anchor.equals("end") ? x - width() : x;
        }

        double to() {
            return anchor.equals("end") ? x : x + width();
        }

        double width() {
            return text.length() * CHAR;
        }
    }

    private static String timeline(Figure.Timeline tl, String id) {
        int left = (int) Math.min(220, Math.max(80, 18 + 7.4 * tl.lanes().stream().mapToInt(String::length).max().orElse(0)));
        int right = WIDTH - 16, top = 10;
        long tMaxMs = Math.max(1, Math.max(tl.events().stream().mapToLong(Figure.Event::atMillis).max().orElse(0),
                tl.spans().stream().mapToLong(Figure.Span::toMillis).max().orElse(0)));
        double tStep = step(tMaxMs / 1000.0, 8);
        double xEnd = Math.ceil(tMaxMs / 1000.0 / tStep) * tStep;
        Function<Double, Double> x = t -> left + (right - left) * t / xEnd;

        // lay out each lane's labels in rows below its bar, first come first placed
        Map<String, List<List<Label>>> rows = new LinkedHashMap<>();
        for (String lane : tl.lanes()) {
            List<Label> labels = new ArrayList<>();
            // a state too short to see needs no name in the picture (the list below it has every one)
            tl.spans().stream().filter(s -> s.lane().equals(lane))
                    .filter(s -> s.tone() != Tone.NEUTRAL || x.apply(s.toMillis() / 1000.0) - x.apply(s.fromMillis() / 1000.0) > 24)
                    .forEach(s -> labels.add(label(x.apply(s.fromMillis() / 1000.0), s.label(), s.tone(), true, right)));
            tl.events().stream().filter(e -> e.lane().equals(lane)).forEach(e -> labels.add(label(x.apply(e.atMillis() / 1000.0),
                    e.label(), e.tone(), false, right)));
            labels.sort(Comparator.comparingDouble(Label::from));
            List<List<Label>> laneRows = new ArrayList<>();
            for (Label l : labels) {
                List<Label> free = laneRows.stream().filter(r -> r.getLast().to() + 8 < l.from()).findFirst().orElse(null);
                if (free == null) {
                    free = new ArrayList<>();
                    laneRows.add(free);
                }
                free.add(l);
            }
            rows.put(lane, laneRows);
        }
        int laneGap = 10, bar = 14, rowHeight = 14;
        int height = top;
        for (List<List<Label>> r : rows.values()) {
            height += bar + Math.max(1, r.size()) * rowHeight + laneGap;
        }
        int axisY = height + 4;
        height = axisY + 36;

        StringBuilder svg = svgOpen(id, height, tl.title());
        svg.append("<desc id=\"").append(id).append("-desc\">").append(Html.text(describe(tl))).append("</desc>");
        svg.append("<defs><pattern id=\"").append(id).append("-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" class=\"hatch-bg\"/>"
                + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"hatch-line\"/></pattern></defs>");
        for (int i = 0; i * tStep <= xEnd + 1e-9; i++) {
            double t = i * tStep;
            double xx = x.apply(t);
            svg.append(line(xx, top - 4, xx, axisY, "grid"));
            svg.append(text(xx, axisY + 16, "middle", "tick", number(t)));
        }
        svg.append(line(left, axisY, right, axisY, "axis"));
        svg.append(text((left + right) / 2.0, axisY + 32, "middle", "axis-title", "seconds since the check started"));

        int laneTop = top;
        for (String lane : tl.lanes()) {
            List<List<Label>> laneRows = rows.get(lane);
            int laneHeight = bar + Math.max(1, laneRows.size()) * rowHeight + laneGap;
            double center = laneTop + bar / 2.0;
            svg.append(text(8, center + 4, "start", "lane", lane));
            svg.append(line(left, laneTop + laneHeight - laneGap / 2.0, right, laneTop + laneHeight - laneGap / 2.0, "lane-sep"));
            for (Figure.Span s : tl.spans()) {
                if (!s.lane().equals(lane)) {
                    continue;
                }
                double x0 = x.apply(s.fromMillis() / 1000.0), x1 = Math.max(x0 + 2, x.apply(s.toMillis() / 1000.0));
                String fill = s.tone() == Tone.BAD ? " fill=\"url(#" + id + "-hatch)\"" : "";
                svg.append("<rect class=\"span ").append(tone(s.tone())).append("\"").append(fill).append(" x=\"")
                        .append(fmt(x0)).append("\" y=\"").append(fmt(center - 4)).append("\" width=\"").append(fmt(x1 - x0))
                        .append("\" height=\"8\"/>");
                if (s.open()) {
                    svg.append("<path class=\"open-end ").append(tone(s.tone())).append("\" d=\"M").append(fmt(x1)).append(' ')
                            .append(fmt(center - 7)).append(" L").append(fmt(x1 + 8)).append(' ').append(fmt(center))
                            .append(" L").append(fmt(x1)).append(' ').append(fmt(center + 7)).append(" Z\"/>");
                }
            }
            for (Figure.Event e : tl.events()) {
                if (e.lane().equals(lane)) {
                    svg.append(marker(x.apply(e.atMillis() / 1000.0), center, e.tone()));
                }
            }
            for (int r = 0; r < laneRows.size(); r++) {
                double ty = center + 8 + (r + 1) * rowHeight - 3;
                for (Label l : laneRows.get(r)) {
                    svg.append(line(l.markerX(), center + 5, l.markerX(), ty - 10, "leader"));
                    svg.append(text(l.x(), ty, l.anchor(), "event-label " + tone(l.tone()) + (l.span() ? " span-label" : ""),
                            l.text()));
                }
            }
            laneTop += laneHeight;
        }
        svg.append("</svg>");
        return figure(svg, tl.title(), describe(tl), eventList(tl));
    }

    private static Label label(double x, String text, Tone tone, boolean span, int right) {
        boolean flip = x + text.length() * CHAR > right;
        return new Label(flip ? x + 3 : x - 3, flip ? "end" : "start", text, tone, span, x);
    }

    private static String marker(double x, double y, Tone tone) {
        return switch (tone) {
            case BAD -> "<path class=\"marker bad\" d=\"M" + fmt(x - 5) + " " + fmt(y - 5) + " L" + fmt(x + 5) + " "
                    + fmt(y + 5) + " M" + fmt(x - 5) + " " + fmt(y + 5) + " L" + fmt(x + 5) + " " + fmt(y - 5) + "\"/>";
            case GOOD -> "<circle class=\"marker good\" r=\"5\" cx=\"" + fmt(x) + "\" cy=\"" + fmt(y) + "\"/>";
            case NEUTRAL -> "<circle class=\"marker neutral\" r=\"4\" cx=\"" + fmt(x) + "\" cy=\"" + fmt(y) + "\"/>";
        };
    }

    static String describe(Figure.Timeline tl) {
        List<String> bad = new ArrayList<>();
        tl.events().stream().filter(e -> e.tone() == Tone.BAD).forEach(e -> bad.add(e.lane() + ": " + e.label()));
        tl.spans().stream().filter(s -> s.tone() == Tone.BAD).forEach(s -> bad.add(s.lane() + ": " + s.label()));
        return "Who did what when (" + String.join(", ", tl.lanes()) + "). "
                + (bad.isEmpty() ? "Nothing in it breaks the rule." : "What breaks the rule (crosses, hatched bars): "
                + String.join("; ", bad) + ".");
    }

    /** The timeline as a table, in time order: for screen readers, printouts and copying into a bug report. */
    private static String eventList(Figure.Timeline tl) {
        record Row(long at, String lane, String what, Tone tone) {
        }
        List<Row> rows = new ArrayList<>();
        tl.events().forEach(e -> rows.add(new Row(e.atMillis(), e.lane(), e.label(), e.tone())));
        tl.spans().forEach(s -> rows.add(new Row(s.fromMillis(), s.lane(), s.label() + (s.open()
                ? " (still so when the kit stopped watching, at " + seconds(s.toMillis()) + ")"
                : " (until " + seconds(s.toMillis()) + ")"), s.tone())));
        rows.sort(Comparator.comparingLong(Row::at));
        StringBuilder html = new StringBuilder("<details class=\"as-list\"><summary>The timeline as a list</summary>"
                + "<table><thead><tr><th scope=\"col\">time</th><th scope=\"col\">who</th><th scope=\"col\">what</th></tr></thead><tbody>");
        for (Row r : rows) {
            html.append("<tr class=\"").append(tone(r.tone())).append("\"><td>").append(seconds(r.at())).append("</td><td>")
                    .append(Html.text(r.lane())).append("</td><td>").append(Html.text(r.what()))
                    .append(r.tone() == Tone.BAD ? " <strong>(breaks the rule)</strong>" : "").append("</td></tr>");
        }
        return html.append("</tbody></table></details>\n").toString();
    }

    // ---- shared ------------------------------------------------------------------------------

    private static StringBuilder svgOpen(String id, int height, String title) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " + WIDTH + " " + height
                + "\" role=\"img\" aria-labelledby=\"" + id + "-title " + id + "-desc\"><title id=\"" + id + "-title\">"
                + Html.text(title) + "</title>");
    }

    private static String figure(StringBuilder svg, String title, String caption, String after) {
        return "<figure class=\"figure\"><div class=\"figure-scroll\">" + svg + "</div><figcaption><strong>"
                + Html.text(title) + ".</strong> " + Html.text(caption) + "</figcaption></figure>\n" + after;
    }

    private static String tone(Tone tone) {
        return tone.name().toLowerCase(Locale.ROOT);
    }

    private static String line(double x1, double y1, double x2, double y2, String cls) {
        return "<line class=\"" + cls + "\" x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2) + "\"/>";
    }

    private static String text(double x, double y, String anchor, String cls, String content) {
        return "<text class=\"" + cls + "\" x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">"
                + Html.text(content) + "</text>";
    }

    /** A round step (1, 2 or 5 times a power of ten) that cuts {@code span} into at most {@code most} parts. */
    static double step(double span, int most) {
        double raw = Math.max(span, 1e-9) / most;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f s", millis / 1000.0);
    }
}
