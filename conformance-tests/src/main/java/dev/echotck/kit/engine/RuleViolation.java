package dev.echotck.kit.engine;

import java.util.ArrayList;
import java.util.List;

import org.opentest4j.AssertionFailedError;

/**
 * A rule is broken. The message is what a student reads: a one-line summary of what was seen,
 * the evidence (expected and actual, offsets, timings, seed), and the likely cause in the server
 * author's terms.
 */
public final class RuleViolation extends AssertionFailedError {

    private final String summary;
    private final List<String> evidence;
    private final String likelyCause;

    private RuleViolation(String summary, List<String> evidence, String likelyCause) {
        super(render(summary, evidence, likelyCause));
        this.summary = summary;
        this.evidence = List.copyOf(evidence);
        this.likelyCause = likelyCause;
    }

    public static Builder because(String summary) {
        return new Builder(summary);
    }

    public String summary() {
        return summary;
    }

    public List<String> evidence() {
        return evidence;
    }

    public String likelyCause() {
        return likelyCause;
    }

    private static String render(String summary, List<String> evidence, String likelyCause) {
        StringBuilder text = new StringBuilder(summary);
        evidence.forEach(line -> text.append('\n').append(line));
        if (likelyCause != null) {
            text.append("\nLikely cause: ").append(likelyCause);
        }
        return text.toString();
    }

    public static final class Builder {
        private final String summary;
        private final List<String> evidence = new ArrayList<>();
        private String likelyCause;

        private Builder(String summary) {
            this.summary = summary;
        }

        public Builder evidence(String line) {
            evidence.add(line);
            return this;
        }

        public Builder likelyCause(String cause) {
            this.likelyCause = cause;
            return this;
        }

        public RuleViolation build() {
            return new RuleViolation(summary, evidence, likelyCause);
        }
    }
}
