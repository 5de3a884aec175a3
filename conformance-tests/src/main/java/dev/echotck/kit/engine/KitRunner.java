package dev.echotck.kit.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import dev.echotck.kit.target.ClientSpec;
import dev.echotck.kit.target.ClientUnderTest;
import dev.echotck.kit.target.RunTarget;
import dev.echotck.kit.target.TargetLauncher;
import dev.echotck.kit.target.TargetSpec;
import dev.echotck.spec.RuleCatalog;

/**
 * The engine's front door: runs the selected rules' checks against one target through the JUnit
 * Platform Launcher. The CLI calls this; a user's build and the self-tests run the same classes
 * through their own JUnit front ends with the same configuration parameters.
 */
public final class KitRunner {

    /** Everything one run needs. The target is a server ({@link TargetSpec}) or a client ({@link ClientSpec}). */
    public record Request(RunTarget target, RuleSelection selection, long seed, double timeoutScale, boolean strict) {
    }

    private final RuleCatalog catalog = RuleCatalog.standard();

    /** Checks what can be checked before anything starts, so a typo costs no startup wait; the config key. */
    public static String validate(RunTarget target) {
        return switch (target) {
            case TargetSpec server -> {
                TargetLauncher.validate(server);
                yield KitSettings.TARGET;
            }
            case ClientSpec client -> {
                ClientUnderTest.validate(client);
                yield KitSettings.CLIENT;
            }
        };
    }

    public RunResult run(Request request, RunListener listener) {
        String targetKey = validate(request.target());
        if (request.selection().profile().checksClients() != request.target() instanceof ClientSpec) {
            throw new IllegalArgumentException("the profile '" + request.selection().profile().label() + "' checks "
                    + (request.selection().profile().checksClients() ? "clients" : "servers") + ", and "
                    + request.target().describe() + " is not one");
        }
        LauncherDiscoveryRequest discovery = LauncherDiscoveryRequestBuilder.request()
                .selectors(RuleClasses.ALL.stream().map(c -> selectClass(c)).toList())
                .filters(request.selection())
                .configurationParameters(Map.of(
                        targetKey, request.target().encode(),
                        KitSettings.SEED, Long.toString(request.seed()),
                        KitSettings.TIMEOUT_SCALE, Double.toString(request.timeoutScale()),
                        "junit.jupiter.extensions.autodetection.enabled", "false"))
                .build();
        OutcomeCollector collector = new OutcomeCollector(catalog, listener);
        long start = System.nanoTime();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(discovery, collector);
        Optional<String> setupError = collector.setupError();
        return new RunResult(request.target().describe(), request.target().command() + " " + request.target().cliOptions(), request.seed(), request.timeoutScale(), request.strict(),
                collector.outcomes(), setupError, Duration.ofNanos(System.nanoTime() - start), request.selection().cliOptions());
    }
}
