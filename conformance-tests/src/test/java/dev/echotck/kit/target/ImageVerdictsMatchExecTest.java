package dev.echotck.kit.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.echotck.kit.engine.KitRunner;
import dev.echotck.kit.engine.RuleOutcome;
import dev.echotck.kit.engine.RuleSelection;
import dev.echotck.kit.engine.RunListener;
import dev.echotck.kit.engine.RunResult;
import dev.echotck.kit.engine.Verdict;
import dev.echotck.spec.Profile;

/**
 * The container changes nothing a rule can see: the same binary gets the same verdict for every
 * rule whether the kit starts it (--exec) or Docker does (--image), for a correct server and for
 * a mutant. A mutant keeps the comparison honest: two runs that both pass everything would also
 * agree if --image tested nothing at all.
 */
@EnabledIfDocker
class ImageVerdictsMatchExecTest {

    private static final long SEED = 7L;

    @Test
    void aCorrectServerGetsTheSameVerdictsInAContainer() {
        ContainerImages.Built correct = ContainerImages.build(ContainerImages.TINY_ECHO);

        Map<String, Verdict> exec = verdicts(new TargetSpec.Exec(correct.binary() + " {port}"), null);
        Map<String, Verdict> image = verdicts(new TargetSpec.Image(correct.image(), "{port}", List.of(), 0), null);

        assertThat(image).as("verdicts of --image vs --exec").isEqualTo(exec);
        assertThat(exec).as("the suite ran").isNotEmpty();
    }

    /** The port through the environment this time: the mutant reads it from $PORT. */
    @Test
    void aMutantFailsTheSameRulesInAContainer() {
        ContainerImages.Built mutant = ContainerImages.build(ContainerImages.TINY_ECHO, "BUG_NO_EOF_AFTER_HALF_CLOSE");

        Map<String, Verdict> exec = verdicts(new TargetSpec.Exec(mutant.binary() + " {port}"), "ECHO");
        Map<String, Verdict> image = verdicts(new TargetSpec.Image(mutant.image(), "", List.of("PORT={port}"), 0), "ECHO");

        assertThat(image).as("verdicts of --image vs --exec").isEqualTo(exec);
        assertThat(exec).as("the mutant is caught").containsEntry("ECHO-5", Verdict.FAIL);
    }

    private static Map<String, Verdict> verdicts(TargetSpec target, String only) {
        RunResult result = new KitRunner().run(new KitRunner.Request(target, RuleSelection.of(Profile.FULL, only, null),
                SEED, 1.0, true), RunListener.SILENT);
        assertThat(result.setupError()).as("setup of " + target.describe()).isEmpty();
        Map<String, Verdict> verdicts = new TreeMap<>();
        for (RuleOutcome outcome : result.outcomes()) {
            verdicts.put(outcome.rule().id(), outcome.verdict());
        }
        return verdicts;
    }
}
