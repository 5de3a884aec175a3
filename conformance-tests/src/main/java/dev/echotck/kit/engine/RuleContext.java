package dev.echotck.kit.engine;

import java.util.SplittableRandom;

/**
 * What a rule's check needs besides the server: its id, its time bounds and its randomness.
 * The random source depends only on the run's seed and the rule id, so {@code --only ECHO-2
 * --seed N} replays exactly what a full run with seed N did for ECHO-2.
 *
 * @param observations where the check may record counts over time and timelines for the report's pictures
 */
public record RuleContext(String ruleId, long seed, Timeouts timeouts, Observations observations) {

    public RuleContext(String ruleId, long seed, Timeouts timeouts) {
        this(ruleId, seed, timeouts, new Observations());
    }

    public SplittableRandom random() {
        return new SplittableRandom(seed ^ (ruleId.hashCode() * 0x9E3779B97F4A7C15L));
    }
}
