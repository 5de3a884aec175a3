package dev.echotck.kit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.echotck.kit.target.NativeMutants;
import dev.echotck.mutants.Mutant;
import dev.echotck.mutants.Mutants;

/**
 * Quis custodiet ipsos custodes: every mutant fails exactly the rules of its kill set within the
 * families the kill set names, no fewer (the kit catches the bug) and no more (each rule fails
 * for its own reason only). Prints the mutation score and the mutant x rule matrix; any mutant
 * not caught exactly fails the build. The full matrix over every rule is
 * {@code echotck mutants --matrix}. Server mutants here; client mutants, run as {@code run-client}
 * runs them, in {@link ClientMutationScoreTest}.
 */
class MutationScoreTest {

    private static final List<MutationRun.Outcome> OUTCOMES = new CopyOnWriteArrayList<>();

    static Iterable<Mutant> mutants() {
        return Mutants.all().stream().filter(m -> !m.client()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutants")
    void mutantFailsExactlyItsKillSet(Mutant mutant) {
        assertFailsExactlyItsKillSet(mutant, OUTCOMES);
    }

    @AfterAll
    static void printScoreAndMatrix() {
        System.out.println("Server mutants, kill-set families, seed 11:\n" + MutationRun.matrix(OUTCOMES)
                + MutationRun.score(OUTCOMES));
    }

    /** Runs the kill set's families against the mutant, as {@code run} (or {@code run-client}) would, strict. */
    static void assertFailsExactlyItsKillSet(Mutant mutant, List<MutationRun.Outcome> outcomes) {
        assumeTrue(!mutant.isNative() || NativeMutants.canBuild(), "C mutants need gcc");

        MutationRun.Outcome outcome = MutationRun.run(mutant, MutationRun.Scope.KILL_SET_FAMILIES, 11L);
        outcomes.add(outcome);

        assertThat(outcome.notPassed()).as("rules that did not pass for mutant %s", mutant.name())
                .isEqualTo(outcome.expected());
    }
}
