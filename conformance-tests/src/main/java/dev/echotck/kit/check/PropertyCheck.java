package dev.echotck.kit.check;

import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A small property-based checker with a seeded generator and a greedy shrinker. We do not use
 * jqwik (its maintainer asks projects built like ours not to); this class does what our checks
 * need and names the failure in the rule's own terms.
 *
 * <p>Trials draw cases from one seeded source, so the same seed replays the same cases. On the
 * first failing case the shrinker tries smaller candidates and keeps any that still fails, until
 * none does or the shrink budget is spent.
 *
 * @param <T> a test case; its {@code toString} is what the evidence shows
 */
public final class PropertyCheck<T> {

    /** Runs one case: empty when it passes, else what went wrong. */
    @FunctionalInterface
    public interface Trial<T> {
        Optional<String> run(T candidate) throws Exception;
    }

    /** A falsified property: the case as first found, and the smallest one that still fails. */
    public record Failure<T>(int trial, int trials, T original, T smallest, String failure, int shrinkSteps) {
    }

    private final Function<SplittableRandom, T> generator;
    private final Function<T, Stream<T>> shrinker;
    private final int trials;
    private final Duration shrinkBudget;

    public PropertyCheck(Function<SplittableRandom, T> generator, Function<T, Stream<T>> shrinker, int trials,
                         Duration shrinkBudget) {
        this.generator = generator;
        this.shrinker = shrinker;
        this.trials = trials;
        this.shrinkBudget = shrinkBudget;
    }

    public Optional<Failure<T>> check(SplittableRandom random, Trial<T> trial) {
        for (int i = 1; i <= trials; i++) {
            T candidate = generator.apply(random);
            Optional<String> failure = attempt(trial, candidate);
            if (failure.isPresent()) {
                return Optional.of(shrink(i, candidate, failure.get(), trial));
            }
        }
        return Optional.empty();
    }

    private Failure<T> shrink(int trialNumber, T original, String originalFailure, Trial<T> trial) {
        long deadline = System.nanoTime() + shrinkBudget.toNanos();
        T smallest = original;
        String failure = originalFailure;
        int steps = 0;
        boolean shrunk = true;
        while (shrunk && System.nanoTime() < deadline) {
            shrunk = false;
            for (Iterator<T> it = shrinker.apply(smallest).iterator(); it.hasNext() && System.nanoTime() < deadline; ) {
                T candidate = it.next();
                Optional<String> candidateFailure = attempt(trial, candidate);
                if (candidateFailure.isPresent()) {
                    smallest = candidate;
                    failure = candidateFailure.get();
                    steps++;
                    shrunk = true;
                    break;
                }
            }
        }
        return new Failure<>(trialNumber, trials, original, smallest, failure, steps);
    }

    private Optional<String> attempt(Trial<T> trial, T candidate) {
        try {
            return trial.run(candidate);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (Exception e) {
            return Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }
}
