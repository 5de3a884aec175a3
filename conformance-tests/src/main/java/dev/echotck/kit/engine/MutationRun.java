package dev.echotck.kit.engine;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.echotck.kit.target.ClientSpec;
import dev.echotck.kit.target.RunTarget;
import dev.echotck.kit.target.TargetSpec;
import dev.echotck.mutants.Mutant;
import dev.echotck.mutants.Mutants;
import dev.echotck.spec.Profile;

/**
 * Runs the kit against a mutant and judges the kit: a mutant is caught when the rules that did
 * not pass are exactly its kill set. The self-test and {@code echotck mutants --matrix} both use
 * this, so the published score is the one the build enforces.
 */
public final class MutationRun {

    /** Which rules a mutant is run against. */
    public enum Scope {
        /** The families its kill set names: exact within them, and fast enough for every build. */
        KILL_SET_FAMILIES,
        /** Every rule of its side (server or client): the full matrix, slower. */
        FULL
    }

    /** One mutant's run: what did not pass, against what had to fail. */
    public record Outcome(Mutant mutant, RunResult result, Set<String> notPassed, Set<String> expected) {

        public boolean caught() {
            return notPassed.equals(expected);
        }

        /** Matrix cell for a rule: F failed as it must, ! failed outside the kill set, - should have failed, . passed. */
        public char cell(String ruleId) {
            boolean inKillSet = mutant.killSet().contains(ruleId);
            var outcome = result.outcome(ruleId);
            if (outcome.isEmpty()) {
                return ' ';
            }
            return switch (outcome.get().verdict()) {
                case FAIL, ERROR -> inKillSet ? 'F' : '!';
                case SKIP -> 's';
                case PASS -> inKillSet ? '-' : '.';
            };
        }
    }

    private MutationRun() {
    }

    public static Outcome run(Mutant mutant, Scope scope, long seed) {
        RunTarget target = mutant.client() ? new ClientSpec.Mutant(mutant.name()) : new TargetSpec.Mutant(mutant.name());
        Profile profile = mutant.client() ? Profile.CLIENT : Profile.FULL;
        String families = scope == Scope.FULL ? null : mutant.killSet().stream()
                .map(id -> id.substring(0, id.indexOf('-'))).distinct().collect(Collectors.joining(","));
        RunResult result = new KitRunner().run(new KitRunner.Request(target,
                RuleSelection.of(profile, families, null), seed, 1.0, true), RunListener.SILENT);
        Set<String> notPassed = result.outcomes().stream()
                .filter(o -> o.verdict() != Verdict.PASS && o.verdict() != Verdict.SKIP)
                .map(o -> o.rule().id() + "=" + o.verdict())
                .collect(Collectors.toCollection(TreeSet::new));
        result.outcomes().stream().filter(o -> o.verdict() == Verdict.SKIP)
                .forEach(o -> notPassed.add(o.rule().id() + "=SKIP"));
        Set<String> expected = mutant.killSet().stream().map(id -> id + "=FAIL")
                .collect(Collectors.toCollection(TreeSet::new));
        return new Outcome(mutant, result, notPassed, expected);
    }

    /** "mutation score: 38/38 mutants caught exactly (100%)". */
    public static String score(List<Outcome> outcomes) {
        long caught = outcomes.stream().filter(Outcome::caught).count();
        return String.format("mutation score: %d/%d mutants caught exactly (%d%%)", caught, outcomes.size(),
                outcomes.isEmpty() ? 0 : Math.round(100.0 * caught / outcomes.size()));
    }

    /** A mutant x rule table; the legend says what each mark means. */
    public static String matrix(List<Outcome> outcomes) {
        Set<String> rules = new LinkedHashSet<>();
        outcomes.forEach(o -> o.result().outcomes().forEach(r -> rules.add(r.rule().id())));
        StringBuilder text = new StringBuilder();
        int width = outcomes.stream().mapToInt(o -> o.mutant().name().length()).max().orElse(6) + 2;
        for (int row = 0; row < rules.stream().mapToInt(String::length).max().orElse(0); row++) {
            text.append(" ".repeat(width));
            for (String id : rules) {
                text.append(row < id.length() ? id.charAt(row) : ' ');
            }
            text.append('\n');
        }
        for (Outcome o : outcomes) {
            text.append(String.format("%-" + width + "s", o.mutant().name()));
            rules.forEach(id -> text.append(o.cell(id)));
            text.append(o.caught() ? "  caught" : "  NOT CAUGHT EXACTLY: " + o.notPassed() + " vs " + o.expected());
            text.append('\n');
        }
        text.append("legend: F failed (in its kill set)  ! failed outside its kill set  - passed but should fail  . passed  s skipped\n");
        return text.toString();
    }

    public static List<Mutant> all() {
        return Mutants.all();
    }
}
