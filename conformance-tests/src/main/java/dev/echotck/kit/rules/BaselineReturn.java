package dev.echotck.kit.rules;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

import dev.echotck.kit.engine.Observations;
import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.process.ProcessTree;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * HYG-2, HYG-3 and HYG-6: "this count returns to its baseline after the clients leave".
 *
 * <p>A warm-up round comes first, so that what a server creates once, on its first clients (a
 * virtual-thread poller, a selector, a pool's threads), is part of the baseline. Then one round of
 * {@link DisconnectRound#CLIENTS} clients; the count must come back to at most baseline + tolerance
 * within {@link #RETURN}. If it does not, that is either a leak or a pool that is still filling up
 * (a fixed pool that starts its threads lazily keeps them): up to {@link #MAX_ROUNDS} rounds tell
 * the two apart, because a pool stops growing and a leak grows by about one per client, every round.
 */
final class BaselineReturn {

    /** Must happen within: the count is back at the baseline after the clients left. */
    static final Duration RETURN = Duration.ofSeconds(5);
    /** Rounds in all, the first included, before "it never stops growing" is the verdict. */
    static final int MAX_ROUNDS = 8;
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration SETTLE_STEP = Duration.ofMillis(100);
    private static final Duration SETTLE_MAX = Duration.ofSeconds(2);

    /** What is counted over the tree, and how much above the baseline still counts as "back". */
    record Measure(String noun, int tolerance, ToIntFunction<ProcessTree> count) {
        int of(ProcessTree tree) {
            return count.applyAsInt(tree);
        }
    }

    enum Outcome {
        /** back at the baseline within the bound */
        RETURNED,
        /** not back, but it stopped growing: a bounded pool */
        BOUNDED,
        /** grew in every round: a leak */
        KEPT_GROWING
    }

    /**
     * @param baselineThreads the threads at the baseline, read with the baseline tree (a tree holds no threads)
     * @param levels          the settled count after each round, the first one measured {@link #RETURN} after
     *                        the clients left
     */
    record Finding(Measure measure, Outcome outcome, ProcessTree baselineTree, List<ServerThread> baselineThreads,
                   int baseline, ProcessTree whileConnected, List<Integer> levels, ProcessTree lastTree,
                   String returnBound) {

        boolean passed() {
            return outcome != Outcome.KEPT_GROWING;
        }

        int clients() {
            return levels.size() * DisconnectRound.CLIENTS;
        }

        /** The numbers, as one line of evidence. */
        String history() {
            StringBuilder text = new StringBuilder("baseline (after a warm-up round of " + DisconnectRound.CLIENTS
                    + " clients): " + baseline + " " + measure.noun() + "; while " + DisconnectRound.CLIENTS
                    + " clients were connected: " + measure.of(whileConnected) + "; " + returnBound
                    + " after they left: " + levels.getFirst() + " (" + signed(levels.getFirst() - baseline) + ")");
            if (levels.size() > 1) {
                text.append("; after each further round of ").append(DisconnectRound.CLIENTS).append(" clients: ");
                for (int i = 1; i < levels.size(); i++) {
                    text.append(i > 1 ? ", " : "").append(levels.get(i))
                            .append(" (").append(signed(levels.get(i) - levels.get(i - 1))).append(")");
                }
            }
            return text.toString();
        }

        private static String signed(int delta) {
            return delta >= 0 ? "+" + delta : Integer.toString(delta);
        }
    }

    private BaselineReturn() {
    }

    static Finding check(ServerUnderTest server, RuleContext rule, Measure measure) throws IOException, InterruptedException {
        Timeouts t = rule.timeouts();
        server.launched(); // SKIP for --connect before any traffic
        // the picture of the finding: every sample this check takes, and when each round came and went
        Observations.Series samples = rule.observations().series(measure.noun() + " of the server over time", measure.noun());
        samples.mark("warm-up");
        DisconnectRound.run(server, t, rule.ruleId() + " warm-up round");
        ProcessTree baselineTree = settled(server, measure, samples);
        List<ServerThread> baselineThreads = ServerThread.of(baselineTree);
        int baseline = measure.of(baselineTree);
        samples.threshold(baseline + measure.tolerance(), "allowed: baseline " + baseline
                + (measure.tolerance() > 0 ? " + " + measure.tolerance() : ""));

        samples.mark("round 1");
        ProcessTree whileConnected = DisconnectRound.run(server, t, rule.ruleId() + " round 1");
        samples.add(measure.of(whileConnected)).mark("left");
        ProcessTree last = sample(server, measure, samples);
        long deadline = System.nanoTime() + t.within(RETURN).toNanos();
        while (measure.of(last) > baseline + measure.tolerance() && System.nanoTime() < deadline) {
            Thread.sleep(POLL);
            last = sample(server, measure, samples);
        }
        List<Integer> levels = new ArrayList<>(List.of(measure.of(last)));
        Outcome outcome = levels.getFirst() <= baseline + measure.tolerance() ? Outcome.RETURNED : Outcome.KEPT_GROWING;
        for (int round = 2; round <= MAX_ROUNDS && outcome == Outcome.KEPT_GROWING; round++) {
            samples.mark("round " + round);
            DisconnectRound.run(server, t, rule.ruleId() + " round " + round);
            last = settled(server, measure, samples);
            levels.add(measure.of(last));
            if (levels.getLast() <= levels.get(levels.size() - 2) + measure.tolerance()) {
                outcome = Outcome.BOUNDED;
            }
        }
        return new Finding(measure, outcome, baselineTree, baselineThreads, baseline, whileConnected, levels, last,
                t.describe(RETURN));
    }

    private static ProcessTree sample(ServerUnderTest server, Measure measure, Observations.Series samples) {
        ProcessTree tree = TreeCapture.of(server);
        samples.add(measure.of(tree));
        return tree;
    }

    /**
     * The tree once the count has stopped changing (two equal samples {@link #SETTLE_STEP} apart), or
     * after {@link #SETTLE_MAX}. Not a verdict: a baseline taken while the warm-up's threads are still
     * ending is only higher, which makes the check more lenient, never wrong.
     */
    private static ProcessTree settled(ServerUnderTest server, Measure measure, Observations.Series samples)
            throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_MAX.toNanos();
        ProcessTree previous = sample(server, measure, samples);
        while (System.nanoTime() < deadline) {
            Thread.sleep(SETTLE_STEP);
            ProcessTree now = sample(server, measure, samples);
            if (measure.of(now) == measure.of(previous)) {
                return now;
            }
            previous = now;
        }
        return previous;
    }
}
