package dev.echotck.kit.engine;

import java.time.Duration;
import java.util.List;

import dev.echotck.spec.Rule;

/**
 * One rule's verdict in one run, with the evidence that supports it.
 *
 * @param figures what the check recorded in {@link Observations}, drawn by the HTML report; often empty
 */
public record RuleOutcome(Rule rule, Verdict verdict, String evidence, Duration duration, List<Figure> figures) {

    public RuleOutcome {
        figures = List.copyOf(figures);
    }

    public RuleOutcome(Rule rule, Verdict verdict, String evidence, Duration duration) {
        this(rule, verdict, evidence, duration, List.of());
    }

    /** A failure that fails the run: every MUST, and SHOULD rules with --strict. */
    public boolean counts(boolean strict) {
        return (verdict == Verdict.FAIL || verdict == Verdict.ERROR) && (rule.isMust() || strict);
    }
}
