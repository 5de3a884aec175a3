package dev.echotck.kit.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.TestAbortedException;

import dev.echotck.kit.rules.EchoRules;
import dev.echotck.kit.rules.ShutdownRules;

/**
 * What a user's own JUnit build (README, "Running the rules from your own JUnit build") can set
 * besides the server: which rules run ({@code echotck.only}, {@code echotck.exclude}) and whether
 * a broken SHOULD rule fails the build ({@code echotck.strict}). The CLI does not use these: it
 * selects and counts itself, so what is asserted here is the build's view of the same verdicts.
 */
class UserBuildSettingsTest {

    @Test
    void onlyTheNamedRulesRunTheOthersAreSkippedWithTheReason() {
        Events tests = run(EchoRules.class, Map.of(KitSettings.TARGET, "reference:blocking", KitSettings.ONLY, "echo-1"));

        tests.assertStatistics(stats -> stats.started(1).succeeded(1).skipped(5));
        tests.assertThatEvents().haveExactly(5, event(skippedWithReason(r -> r.startsWith("not selected"))));
    }

    @Test
    void aBrokenShouldRuleFailsTheBuildByDefault() {
        // no-reuseaddr breaks SHUT-7 (SHOULD) only.
        run(ShutdownRules.class, Map.of(KitSettings.TARGET, "mutant:no-reuseaddr", KitSettings.ONLY, "SHUT-7"))
                .assertStatistics(stats -> stats.started(1).failed(1));
    }

    @Test
    void notStrictABrokenShouldRuleIsAbortedWithItsEvidence() {
        run(ShutdownRules.class, Map.of(KitSettings.TARGET, "mutant:no-reuseaddr", KitSettings.ONLY, "SHUT-7",
                KitSettings.STRICT, "false"))
                .assertStatistics(stats -> stats.started(1).failed(0).aborted(1))
                .assertThatEvents().haveExactly(1, event(abortedWithReason(instanceOf(TestAbortedException.class),
                        message(m -> m.startsWith("SHUT-7 is a SHOULD rule, not counted (echotck.strict=false); it failed: ")
                                && m.contains("your listening socket does not set SO_REUSEADDR")))));
    }

    @Test
    void notStrictABrokenMustRuleStillFailsTheBuild() {
        // ignores-sigint breaks SHUT-6 (MUST).
        run(ShutdownRules.class, Map.of(KitSettings.TARGET, "mutant:ignores-sigint", KitSettings.ONLY, "SHUT-6",
                KitSettings.STRICT, "false"))
                .assertStatistics(stats -> stats.started(1).failed(1))
                .assertThatEvents().haveExactly(1, event(finishedWithFailure(instanceOf(RuleViolation.class))));
    }

    @Test
    void aMistypedSettingIsReportedNotGuessed() {
        run(EchoRules.class, Map.of(KitSettings.TARGET, "reference:blocking", KitSettings.ONLY, "ECHO-9"))
                .assertStatistics(stats -> stats.failed(6).succeeded(0))
                .assertThatEvents().haveExactly(6, event(finishedWithFailure(message(m -> m.contains("no rule or family named ECHO-9")))));
    }

    private static Events run(Class<?> rules, Map<String, String> settings) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(rules))
                .configurationParameters(settings)
                .execute()
                .testEvents();
    }
}
