package dev.echotck.kit.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one run found. {@link #exitCode()} is the CLI's contract: 0 when every MUST rule passed
 * (and every SHOULD with --strict), 1 when a counted rule failed, 2 when the server could not be
 * set up at all.
 *
 * @param targetOptions    the command and options that select the target, as a user types them:
 *                         {@code run --mutant x}, {@code run-client --exec '...'}
 * @param selectionOptions the options that selected the rules: {@code --profile full --only ECHO-5}; empty if unknown
 */
public record RunResult(String target, String targetOptions, long seed, double timeoutScale, boolean strict, List<RuleOutcome> outcomes,
                        Optional<String> setupError, Duration duration, String selectionOptions) {

    public static final int OK = 0;
    public static final int RULES_FAILED = 1;
    public static final int SETUP_FAILED = 2;

    public RunResult {
        outcomes = List.copyOf(outcomes);
    }

    public RunResult(String target, String targetOptions, long seed, double timeoutScale, boolean strict,
                     List<RuleOutcome> outcomes, Optional<String> setupError, Duration duration) {
        this(target, targetOptions, seed, timeoutScale, strict, outcomes, setupError, duration, "");
    }

    public int exitCode() {
        if (setupError.isPresent()) {
            return SETUP_FAILED;
        }
        return outcomes.stream().anyMatch(o -> o.counts(strict)) ? RULES_FAILED : OK;
    }

    /** "server" or "client": what this run checked, for messages such as "the client could not be started". */
    public String subject() {
        return targetOptions.startsWith("run-client") ? "client" : "server";
    }

    /** The command that reruns one rule of this run exactly: same target, same seed, same scale. */
    public String rerunCommand(String ruleId) {
        return "echotck " + targetOptions + " --only " + ruleId + " --seed " + seed
                + (timeoutScale == 1.0 ? "" : " --timeout-scale " + timeoutScale) + (strict ? " --strict" : "");
    }

    /** The command that reruns this whole run exactly: same target, same rules, same seed, same scale. */
    public String reproduceCommand() {
        return "echotck " + targetOptions + (selectionOptions.isBlank() ? "" : " " + selectionOptions) + " --seed " + seed
                + (timeoutScale == 1.0 ? "" : " --timeout-scale " + timeoutScale) + (strict ? " --strict" : "");
    }

    public long count(Verdict verdict) {
        return outcomes.stream().filter(o -> o.verdict() == verdict).count();
    }

    public Optional<RuleOutcome> outcome(String ruleId) {
        return outcomes.stream().filter(o -> o.rule().id().equals(ruleId)).findFirst();
    }

    /** SHOULD rules that failed but do not count without --strict. */
    public long uncountedShouldFailures() {
        return strict ? 0 : outcomes.stream()
                .filter(o -> !o.rule().isMust() && (o.verdict() == Verdict.FAIL || o.verdict() == Verdict.ERROR)).count();
    }
}
