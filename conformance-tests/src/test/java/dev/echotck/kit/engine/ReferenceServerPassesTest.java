package dev.echotck.kit.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.echotck.kit.rules.EchoRules;

/**
 * The blocking reference server passes every ECHO check. Runs the rule classes through JUnit's
 * EngineTestKit with the same configuration parameters the CLI passes, and asserts on events.
 */
class ReferenceServerPassesTest {

    @Test
    void blockingReferencePassesEveryEchoRule() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(EchoRules.class))
                .configurationParameter(KitSettings.TARGET, "reference:blocking")
                .configurationParameter(KitSettings.SEED, "20261123")
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(6).succeeded(6).failed(0).aborted(0));
    }
}
