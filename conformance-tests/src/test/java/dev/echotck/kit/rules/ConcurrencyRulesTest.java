package dev.echotck.kit.rules;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.echotck.kit.engine.KitSettings;
import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * The blocking reference server passes every CONC check, run the way a user's build would run
 * them; and one mutant's failure, asserted word by word, to show what a student reads. (Which
 * mutant fails which CONC rule is MutationScoreTest's business.)
 */
class ConcurrencyRulesTest {

    /** CONC-2 tells a fixed pool from an iterative server: one idle client is fine, sixteen are not. */
    @Test
    void aFixedPoolOfFourThreadsIsToldApartFromAnIterativeServer() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(ConcurrencyRules.class, "idleClientsDoNotDelayOthers",
                        ServerUnderTest.class.getName() + "," + RuleContext.class.getName()))
                .configurationParameter(KitSettings.TARGET, "mutant:thread-pool-exhaustion")
                .configurationParameter(KitSettings.SEED, "7")
                .execute()
                .testEvents()
                .assertThatEvents()
                .haveExactly(1, event(test("idleClientsDoNotDelayOthers"), finishedWithFailure(message(m ->
                        m.startsWith("with 16 idle clients connected, another client's line got no echo")
                                && m.contains("with 1 idle client connected, an active client was served normally")
                                && m.contains("a fixed pool of fewer than 17 threads")))));
    }
}
