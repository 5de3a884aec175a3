package dev.echotck.kit.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.echotck.mutants.Mutant;
import dev.echotck.mutants.Mutants;

/**
 * The client mutants fail exactly their kill sets, run through {@code run-client}: the kit's own
 * servers on one side, the mutant client started afresh for each check on the other. Among them
 * the deterministic form of seed 002's lost wake-up ({@code c-client-wake-race}), which must be
 * caught every run, not now and then.
 */
class ClientMutationScoreTest {

    static Iterable<Mutant> clientMutants() {
        return Mutants.all().stream().filter(Mutant::client).toList();
    }

    private static final List<MutationRun.Outcome> OUTCOMES = new CopyOnWriteArrayList<>();

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientMutants")
    void clientMutantFailsExactlyItsKillSet(Mutant mutant) {
        MutationScoreTest.assertFailsExactlyItsKillSet(mutant, OUTCOMES);
    }

    @AfterAll
    static void printScoreAndMatrix() {
        System.out.println("Client mutants, seed 11:\n" + MutationRun.matrix(OUTCOMES) + MutationRun.score(OUTCOMES));
    }
}
