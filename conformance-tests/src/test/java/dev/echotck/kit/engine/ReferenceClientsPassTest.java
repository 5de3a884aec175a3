package dev.echotck.kit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.echotck.kit.target.ClientSpec;
import dev.echotck.kit.target.NativeMutants;
import dev.echotck.spec.Profile;

/**
 * The reference clients pass every CLIENT rule, SHOULD rules included: the Java client of
 * {@code echotck client}, and the two C clients the C client mutants are made from (compiled
 * without a bug macro), so a client mutant's failures are its bug's, not the model's.
 */
class ReferenceClientsPassTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"java", "c", "c-forked"})
    void referenceClientPassesEveryClientRule(String name) {
        assumeTrue(name.equals("java") || NativeMutants.canBuild(), "the C clients need gcc");

        RunResult result = new KitRunner().run(new KitRunner.Request(new ClientSpec.Reference(name),
                RuleSelection.of(Profile.CLIENT, null, null), 11L, 1.0, true), RunListener.SILENT);

        assertThat(result.setupError()).as("setup of the %s client", name).isEmpty();
        assertThat(result.outcomes()).extracting(o -> o.rule().id())
                .containsExactly("CLIENT-1", "CLIENT-2", "CLIENT-3", "CLIENT-4", "CLIENT-5", "CLIENT-6");
        List<String> notPassed = result.outcomes().stream()
                .filter(o -> o.verdict() != Verdict.PASS)
                .map(o -> o.rule().id() + "=" + o.verdict() + ": " + o.evidence())
                .toList();
        assertThat(notPassed).as("CLIENT rules the %s client did not pass", name).isEmpty();
    }
}
