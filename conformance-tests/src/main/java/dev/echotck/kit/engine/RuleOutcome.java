package dev.echotck.kit.engine;

import java.time.Duration;

import dev.echotck.spec.Rule;

/** One rule's verdict in one run, with the evidence that supports it. */
public record RuleOutcome(Rule rule, Verdict verdict, String evidence, Duration duration) {

    /** A failure that fails the run: every MUST, and SHOULD rules with --strict. */
    public boolean counts(boolean strict) {
        return (verdict == Verdict.FAIL || verdict == Verdict.ERROR) && (rule.isMust() || strict);
    }
}
