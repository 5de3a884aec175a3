package dev.echotck.kit.report;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.echotck.kit.engine.RuleOutcome;
import dev.echotck.kit.engine.RunResult;
import dev.echotck.kit.engine.Verdict;

/**
 * {@code run --repeat N}: the same rules, target and seed N times, and for each rule how often
 * each verdict came out. A rule whose verdict changes between identical runs is flaky: for a
 * conformance kit that is a bug of the first order, whoever's it is.
 */
public final class StabilityReport {

    private final Map<String, Map<Verdict, Integer>> counts = new LinkedHashMap<>();
    private int runs;

    public void add(RunResult result) {
        runs++;
        for (RuleOutcome o : result.outcomes()) {
            counts.computeIfAbsent(o.rule().id(), id -> new EnumMap<>(Verdict.class)).merge(o.verdict(), 1, Integer::sum);
        }
    }

    public List<String> unstableRules() {
        return counts.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
    }

    public void print(PrintStream out) {
        out.println();
        out.println("Stability over " + runs + " identical runs:");
        counts.forEach((id, verdicts) -> out.printf("  %-8s %-9s %s%n", id, verdicts.size() > 1 ? "UNSTABLE" : "stable",
                verdicts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + "/" + runs)
                        .collect(Collectors.joining(", "))));
        List<String> unstable = unstableRules();
        out.println(unstable.isEmpty() ? "every rule gave the same verdict in every run"
                : unstable.size() + " rule(s) changed verdict between identical runs: " + String.join(", ", unstable));
    }
}
