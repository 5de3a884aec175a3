package dev.echotck.kit.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.echotck.kit.engine.KitRunner;
import dev.echotck.kit.engine.RuleOutcome;
import dev.echotck.kit.engine.RuleSelection;
import dev.echotck.kit.engine.RunListener;
import dev.echotck.kit.engine.RunResult;
import dev.echotck.kit.engine.Verdict;
import dev.echotck.mutants.Mutant;
import dev.echotck.mutants.Mutants;
import dev.echotck.spec.Profile;
import dev.echotck.spec.RuleCatalog;

/**
 * The container changes nothing a rule can see: the same binary gets the same verdict for every
 * rule whether the kit starts it (--exec) or Docker does (--image), for a correct server and for
 * one of the kit's C mutants. The mutant keeps the comparison honest: two runs that both pass
 * everything would also agree if --image tested nothing at all.
 */
@EnabledIfDocker
class ImageVerdictsMatchExecTest {

    private static final long SEED = 7L;

    /** Every family, process rules included; the port goes through the environment ($PORT). */
    @Test
    void aCorrectServerGetsTheSameVerdictsInAContainer() {
        ContainerImages.Built correct = ContainerImages.build(ContainerImages.TINY_ECHO);

        Map<String, Verdict> exec = verdicts(new TargetSpec.Exec(correct.binary() + " {port}"), null);
        Map<String, Verdict> image = verdicts(new TargetSpec.Image(correct.image(), "", List.of("PORT={port}"), 0), null);

        assertThat(image).as("verdicts of --image vs --exec").isEqualTo(exec);
        assertThat(exec).as("the suite ran").isNotEmpty();
    }

    /**
     * A forking server from mutants/c, built with its bug macro, the port as an argument: the
     * parent keeps every connected socket, so EOF never comes (ECHO-5) and its fds leak (HYG-2, a
     * rule read from /proc). Its kill set's families are run, those this build of the kit has.
     */
    @Test
    void aKitMutantFailsExactlyItsKillSetInAContainer() {
        Mutant mutant = Mutants.find("c-parent-keeps-connfd").orElseThrow();
        ContainerImages.Built built = ContainerImages.build(mutant.nativeSource(), mutant.cDefine());
        List<String> killSet = mutant.killSet().stream().filter(RuleCatalog.standard()::contains).toList();
        String families = killSet.stream().map(id -> id.substring(0, id.indexOf('-')))
                .distinct().collect(Collectors.joining(","));

        Map<String, Verdict> exec = verdicts(new TargetSpec.Exec(built.binary() + " {port}"), families);
        Map<String, Verdict> image = verdicts(new TargetSpec.Image(built.image(), "{port}", List.of(), 0), families);

        assertThat(image).as("verdicts of --image vs --exec").isEqualTo(exec);
        assertThat(image.entrySet().stream().filter(e -> e.getValue() != Verdict.PASS).map(Map.Entry::getKey))
                .as("rules %s fails in a container", mutant.name()).containsExactlyInAnyOrderElementsOf(killSet);
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
