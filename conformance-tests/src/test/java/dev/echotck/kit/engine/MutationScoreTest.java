package dev.echotck.kit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.echotck.kit.target.ClientSpec;
import dev.echotck.kit.target.NativeMutants;
import dev.echotck.kit.target.RunTarget;
import dev.echotck.kit.target.TargetSpec;
import dev.echotck.mutants.Mutant;
import dev.echotck.mutants.Mutants;
import dev.echotck.spec.Profile;

/**
 * Quis custodiet ipsos custodes: every mutant fails exactly the rules of its kill set within the
 * families the kill set names, no fewer (the kit catches the bug) and no more (each rule fails
 * for its own reason only). The full mutant x rule matrix is a separate, slower command. Server
 * mutants here; client mutants, run as {@code run-client} runs them, in {@link ClientMutationScoreTest}.
 */
class MutationScoreTest {

    static Iterable<Mutant> mutants() {
        return Mutants.all().stream().filter(m -> !m.client()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutants")
    void mutantFailsExactlyItsKillSet(Mutant mutant) {
        assertFailsExactlyItsKillSet(mutant);
    }

    /** Runs the kill set's families against the mutant, as {@code run} (or {@code run-client}) would, strict. */
    static void assertFailsExactlyItsKillSet(Mutant mutant) {
        assumeTrue(!mutant.isNative() || NativeMutants.canBuild(), "C mutants need gcc");
        String families = mutant.killSet().stream().map(id -> id.substring(0, id.indexOf('-')))
                .distinct().collect(Collectors.joining(","));
        RunTarget target = mutant.client() ? new ClientSpec.Mutant(mutant.name()) : new TargetSpec.Mutant(mutant.name());
        Profile profile = mutant.client() ? Profile.CLIENT : Profile.FULL;

        RunResult result = new KitRunner().run(new KitRunner.Request(target,
                RuleSelection.of(profile, families, null), 11L, 1.0, true), RunListener.SILENT);

        Set<String> notPassed = result.outcomes().stream()
                .filter(o -> o.verdict() != Verdict.PASS)
                .map(o -> o.rule().id() + "=" + o.verdict())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = mutant.killSet().stream().map(id -> id + "=FAIL")
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(notPassed).as("rules of %s that did not pass for mutant %s", families, mutant.name())
                .isEqualTo(expected);
    }
}
