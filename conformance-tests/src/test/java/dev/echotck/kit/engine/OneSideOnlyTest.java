package dev.echotck.kit.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.echotck.kit.rules.ClientRules;
import dev.echotck.kit.rules.EchoRules;

/**
 * A user's build that scans every rule class (Surefire's dependenciesToScan) checks one side: with
 * only a server set, the CLIENT checks are skipped with the reason, not errors; with only a client
 * set, the server checks are. Nothing is started for a skipped check.
 */
class OneSideOnlyTest {

    @Test
    void clientChecksAreSkippedWhenOnlyAServerIsSet() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ClientRules.class))
                .configurationParameter(KitSettings.TARGET, "reference:blocking")
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.skipped(6).started(0));
    }

    @Test
    void serverChecksAreSkippedWhenOnlyAClientIsSet() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(EchoRules.class))
                .configurationParameter(KitSettings.CLIENT, "reference:java")
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.skipped(6).started(0));
    }
}
