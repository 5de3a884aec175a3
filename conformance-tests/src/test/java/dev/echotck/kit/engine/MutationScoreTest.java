package dev.echotck.kit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.echotck.kit.target.TargetSpec;
import dev.echotck.mutants.Mutant;
import dev.echotck.mutants.Mutants;
import dev.echotck.spec.Profile;

/**
 * Quis custodiet ipsos custodes: every mutant fails exactly the rules of its kill set, no fewer
 * (the kit catches the bug) and no more (each rule fails for its own reason only).
 */
class MutationScoreTest {

    static Iterable<Mutant> mutants() {
        return Mutants.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutants")
    void mutantFailsExactlyItsKillSet(Mutant mutant) {
        RunResult result = new KitRunner().run(new KitRunner.Request(new TargetSpec.Mutant(mutant.name()),
                RuleSelection.of(Profile.FULL, null, null), 11L, 1.0, true), RunListener.SILENT);

        Set<String> failed = result.outcomes().stream()
                .filter(o -> o.verdict() != Verdict.PASS)
                .map(o -> o.rule().id() + "=" + o.verdict())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = mutant.killSet().stream().map(id -> id + "=FAIL")
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(failed).as("rules that did not pass for mutant " + mutant.name()).isEqualTo(expected);
    }
}
