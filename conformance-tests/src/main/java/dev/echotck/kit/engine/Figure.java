package dev.echotck.kit.engine;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A picture of what a check observed, as data: the HTML report draws it, {@code report.json}
 * carries it. Times are milliseconds since the check started. Checks do not build figures
 * themselves; they record into {@link Observations}, which makes these snapshots.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = Figure.Series.class, name = "series"),
        @JsonSubTypes.Type(value = Figure.Timeline.class, name = "timeline")})
public sealed interface Figure {

    String title();

    /**
     * A count sampled over time (open fds, threads, child processes).
     *
     * @param marks      moments worth naming on the time axis: "round 1", "clients left"
     * @param thresholds horizontal reference lines: "allowed: baseline + 1"
     */
    record Series(String title, String unit, List<Point> points, List<Mark> marks, List<Threshold> thresholds)
            implements Figure {
        public Series {
            points = List.copyOf(points);
            marks = List.copyOf(marks);
            thresholds = List.copyOf(thresholds);
        }
    }

    record Point(long atMillis, double value) {
    }

    record Mark(long atMillis, String label) {
    }

    record Threshold(double value, String label) {
    }

    /**
     * Who did what when: one lane per actor ("kit", "server", "client 1"), instants and spans on each.
     *
     * @param lanes the lanes in the order they first appeared
     */
    record Timeline(String title, List<String> lanes, List<Event> events, List<Span> spans) implements Figure {
        public Timeline {
            lanes = List.copyOf(lanes);
            events = List.copyOf(events);
            spans = List.copyOf(spans);
        }
    }

    /** Whether a moment or a span is what the rule expects (GOOD), breaks it (BAD), or just happened. */
    enum Tone {
        NEUTRAL,
        GOOD,
        BAD
    }

    record Event(String lane, long atMillis, String label, Tone tone) {
    }

    /** @param open still going when the check stopped watching: drawn with an open end */
    record Span(String lane, long fromMillis, long toMillis, String label, Tone tone, boolean open) {
    }
}
