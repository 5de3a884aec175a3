package dev.echotck.kit.rules;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.echotck.kit.engine.KitSettings;

/**
 * The blocking reference server passes every CONC check, run the way a user's build would run
 * them. (Which mutant fails which CONC rule is MutationScoreTest's business.)
 */
class ConcurrencyRulesTest {

    @Test
    void blockingReferencePassesEveryConcurrencyRule() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ConcurrencyRules.class))
                .configurationParameter(KitSettings.TARGET, "reference:blocking")
                .configurationParameter(KitSettings.SEED, "20261123")
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(7).succeeded(7).failed(0).aborted(0));
    }
}
