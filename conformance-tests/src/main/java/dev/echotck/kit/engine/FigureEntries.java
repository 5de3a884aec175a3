package dev.echotck.kit.engine;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How a check's figures travel from the check to the run's result: as JUnit report entries
 * ({@code ExtensionContext.publishReportEntry}), one per figure, its value the figure as JSON.
 * Report entries are part of JUnit's event stream, so the figures reach every front end that
 * listens (the kit's collector, EngineTestKit, an IDE) without a side channel.
 */
public final class FigureEntries {

    /** The report entry key of a figure. */
    public static final String KEY = "echotck.figure";

    private static final ObjectMapper JSON = new ObjectMapper();

    private FigureEntries() {
    }

    /** A figure as a JSON tree, its kind ("series", "timeline") included: for {@code report.json}. */
    public static JsonNode tree(Figure figure) {
        try {
            return JSON.readTree(encode(figure));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a figure: " + e.getMessage(), e);
        }
    }

    static String encode(Figure figure) {
        try {
            return JSON.writeValueAsString(figure);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a figure: " + e.getMessage(), e);
        }
    }

    /** The figures among a report entry's values; anything that does not read as one is left out. */
    static List<Figure> decode(Map<String, String> entry) {
        String value = entry.get(KEY);
        if (value == null) {
            return List.of();
        }
        try {
            return List.of(JSON.readValue(value, Figure.class));
        } catch (JsonProcessingException e) {
            return List.of(); // a picture is never worth failing a run for
        }
    }
}
