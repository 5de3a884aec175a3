package dev.echotck.kit.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.echotck.kit.engine.Figure.Tone;

/**
 * The optional structured side of a check's evidence: counts over time and timelines of who did
 * what, which the HTML report draws. Text evidence ({@link RuleViolation}) stays the verdict's
 * explanation; these only add the picture, for passes too. A check records through
 * {@code rule.observations()}; {@link EchoTckExtension} publishes the figures as JUnit report
 * entries when the check ends (pass, fail or abort), and the collector attaches them to the
 * rule's outcome. Thread-safe: probes record from several client threads.
 */
public final class Observations {

    private final long startNanos = System.nanoTime();
    private final List<Object> recorders = new ArrayList<>();

    /** Milliseconds since the check started. */
    public long now() {
        return at(System.nanoTime());
    }

    /** A {@link System#nanoTime()} reading as milliseconds since the check started. */
    public long at(long nanoTime) {
        return Math.max(0, (nanoTime - startNanos) / 1_000_000);
    }

    /** A new count to sample over time, e.g. {@code series("open file descriptors", "fds")}. */
    public synchronized Series series(String title, String unit) {
        Series series = new Series(title, unit);
        recorders.add(series);
        return series;
    }

    /** A new timeline, e.g. {@code timeline("idle clients and SIGTERM")}. */
    public synchronized Timeline timeline(String title) {
        Timeline timeline = new Timeline(title);
        recorders.add(timeline);
        return timeline;
    }

    /** Snapshots of everything recorded so far, empty ones left out. */
    public synchronized List<Figure> figures() {
        List<Figure> figures = new ArrayList<>();
        for (Object recorder : recorders) {
            Figure figure = recorder instanceof Series s ? s.snapshot() : ((Timeline) recorder).snapshot();
            boolean empty = figure instanceof Figure.Series s ? s.points().isEmpty()
                    : ((Figure.Timeline) figure).events().isEmpty() && ((Figure.Timeline) figure).spans().isEmpty();
            if (!empty) {
                figures.add(figure);
            }
        }
        return figures;
    }

    /** A count over time; each {@link #add} is stamped with the time it is called. */
    public final class Series {
        private final String title;
        private final String unit;
        private final List<Figure.Point> points = new ArrayList<>();
        private final List<Figure.Mark> marks = new ArrayList<>();
        private final List<Figure.Threshold> thresholds = new ArrayList<>();

        private Series(String title, String unit) {
            this.title = title;
            this.unit = unit;
        }

        public synchronized Series add(double value) {
            points.add(new Figure.Point(now(), value));
            return this;
        }

        /** Names this moment on the time axis. */
        public synchronized Series mark(String label) {
            marks.add(new Figure.Mark(now(), label));
            return this;
        }

        /** A horizontal line the count is judged against. */
        public synchronized Series threshold(double value, String label) {
            thresholds.add(new Figure.Threshold(value, label));
            return this;
        }

        private synchronized Figure.Series snapshot() {
            return new Figure.Series(title, unit, points, marks, thresholds);
        }
    }

    /** Who did what when; lanes appear in the order they are first used. */
    public final class Timeline {
        private final String title;
        private final Set<String> lanes = new LinkedHashSet<>();
        private final List<Figure.Event> events = new ArrayList<>();
        private final List<Figure.Span> spans = new ArrayList<>();

        private Timeline(String title) {
            this.title = title;
        }

        /**
         * Fixes the order of lanes from the top; the rest follow in the order they are first used. A
         * lane named here that nothing happens on is left out of the picture.
         */
        public synchronized Timeline lanes(String... order) {
            lanes.addAll(List.of(order));
            return this;
        }

        /** Something that happened now. */
        public Timeline event(String lane, String label, Tone tone) {
            return eventAt(System.nanoTime(), lane, label, tone);
        }

        /** Something that happened at {@code nanoTime} (a {@link System#nanoTime()} reading). */
        public synchronized Timeline eventAt(long nanoTime, String lane, String label, Tone tone) {
            lanes.add(lane);
            events.add(new Figure.Event(lane, at(nanoTime), label, tone));
            return this;
        }

        /** A state that lasted from {@code fromNanos} until {@code toNanos} ({@link System#nanoTime()} readings). */
        public synchronized Timeline span(String lane, String label, long fromNanos, long toNanos, Tone tone) {
            lanes.add(lane);
            spans.add(new Figure.Span(lane, at(fromNanos), at(toNanos), label, tone, false));
            return this;
        }

        /** A state that began at {@code fromNanos} and was still going when the check stopped watching (now). */
        public synchronized Timeline stillGoing(String lane, String label, long fromNanos, Tone tone) {
            lanes.add(lane);
            spans.add(new Figure.Span(lane, at(fromNanos), now(), label, tone, true));
            return this;
        }

        private synchronized Figure.Timeline snapshot() {
            List<String> used = lanes.stream().filter(lane -> events.stream().anyMatch(e -> e.lane().equals(lane))
                    || spans.stream().anyMatch(s -> s.lane().equals(lane))).toList();
            return new Figure.Timeline(title, used, events, spans);
        }
    }
}
