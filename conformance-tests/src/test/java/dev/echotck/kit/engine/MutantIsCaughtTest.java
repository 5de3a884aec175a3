package dev.echotck.kit.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import dev.echotck.kit.rules.EchoRules;

/**
 * One mutant, asserted event by event: what a reader should copy to pin a rule's failure down.
 * The whole catalog is checked by {@link MutationScoreTest}.
 */
class MutantIsCaughtTest {

    @Test
    void aServerThatNeverClosesAfterHalfCloseFailsEcho5AndNothingElse() {
        Events checks = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(EchoRules.class))
                .configurationParameter(KitSettings.TARGET, "mutant:no-eof-after-half-close")
                .configurationParameter(KitSettings.SEED, "7")
                .execute()
                .testEvents();

        checks.assertStatistics(stats -> stats.started(6).failed(1).succeeded(5));
        checks.assertThatEvents()
                .haveExactly(1, event(test("halfCloseEchoesEverythingThenEof"), finishedWithFailure(
                        instanceOf(RuleViolation.class),
                        message(m -> m.contains("never closed its side") && m.contains("parent keeps its copy")))))
                .haveExactly(1, event(test("byteExactEchoOfTextAndEveryByteValue"), finishedSuccessfully()));
    }
}
