package dev.echotck.kit.engine;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.echotck.kit.target.ClientSpec;
import dev.echotck.kit.target.TargetSpec;
import dev.echotck.spec.Profile;

/**
 * The kit's configuration parameters. They travel as JUnit Platform configuration parameters,
 * so the CLI, a user's own build ({@code -Dechotck.target=...} or junit-platform.properties) and
 * the self-tests configure the same engine the same way.
 *
 * @param target       which server to test ({@code run}); empty in a client run
 * @param client       which client to test ({@code run-client}); empty in a server run
 * @param seed         the seed of every randomized check; printed with each run, replayed with --seed
 * @param timeoutScale multiplies every time bound
 * @param logDir       where launched servers' stdout and stderr go
 * @param only         rule ids or families to check, as {@code --only}; empty: every rule of the side under test
 * @param exclude      rule ids or families to leave out, as {@code --exclude}
 * @param strict       whether a failed SHOULD rule fails its test; the CLI leaves it true and counts verdicts itself
 */
public record KitSettings(Optional<TargetSpec> target, Optional<ClientSpec> client, long seed, double timeoutScale,
                          Path logDir, Set<String> only, Set<String> exclude, boolean strict) {

    /** {@code exec:CMD}, {@code connect:HOST:PORT}, {@code reference:NAME}, {@code mutant:NAME} or {@code image:IMAGE?cmd=..}. */
    public static final String TARGET = "echotck.target";
    /** {@code exec:CMD} (with {@code {host}} and {@code {port}}), {@code reference:NAME} or {@code mutant:NAME}: the client the CLIENT rules check. */
    public static final String CLIENT = "echotck.client";
    /** A long; absent means a fresh random seed, which the report prints. */
    public static final String SEED = "echotck.seed";
    /** A positive decimal (default 1.0) multiplying every time bound: 2 on a slow machine. */
    public static final String TIMEOUT_SCALE = "echotck.timeoutScale";
    /** Directory for launched servers' output (default: a new folder under java.io.tmpdir). */
    public static final String LOG_DIR = "echotck.logDir";
    /**
     * A user's build: rule ids or families to check, comma-separated ({@code ECHO,CONC-1}), as
     * {@code --only}. The CLI selects its rules before the run instead (a {@link RuleSelection} filter).
     */
    public static final String ONLY = "echotck.only";
    /** A user's build: rule ids or families to leave out, as {@code --exclude}. */
    public static final String EXCLUDE = "echotck.exclude";
    /**
     * A user's build: {@code true} (the default) fails the test of every broken rule;
     * {@code false} reports a broken SHOULD rule as aborted (skipped, with the evidence) and
     * fails the build on MUST rules only, as {@code echotck run} without {@code --strict} does.
     */
    public static final String STRICT = "echotck.strict";

    public KitSettings {
        if (!(timeoutScale > 0) || Double.isInfinite(timeoutScale)) {
            throw new IllegalArgumentException("timeout scale must be a positive number, got " + timeoutScale);
        }
    }

    public Timeouts timeouts() {
        return new Timeouts(timeoutScale);
    }

    /** Reads the settings from configuration parameters (or system properties, via JUnit's lookup). */
    public static KitSettings from(Function<String, Optional<String>> parameters) {
        Optional<TargetSpec> target = parameters.apply(TARGET).map(TargetSpec::parse);
        Optional<ClientSpec> client = parameters.apply(CLIENT).map(ClientSpec::parse);
        if (target.isEmpty() && client.isEmpty()) {
            throw new IllegalStateException("nothing to test: set the configuration parameter " + TARGET
                    + " for a server (e.g. -D" + TARGET + "=reference:blocking, or exec:\"./server {port}\") or "
                    + CLIENT + " for a client (e.g. -D" + CLIENT + "=exec:\"./client {host} {port}\")");
        }
        long seed = parameters.apply(SEED).map(Long::parseLong).orElseGet(SeedSource::fresh);
        double scale = parameters.apply(TIMEOUT_SCALE).map(Double::parseDouble).orElse(1.0);
        Path logDir = parameters.apply(LOG_DIR).map(Path::of).orElseGet(SeedSource::defaultLogDir);
        Set<String> only = RuleSelection.names(parameters.apply(ONLY).orElse(null));
        Set<String> exclude = RuleSelection.names(parameters.apply(EXCLUDE).orElse(null));
        boolean strict = parameters.apply(STRICT).map(KitSettings::parseBoolean).orElse(true);
        return new KitSettings(target, client, seed, scale, logDir, only, exclude, strict);
    }

    /** Whether {@link #ONLY} and {@link #EXCLUDE} select this rule; a rule is judged within its own side's rules. */
    public boolean selects(String ruleId) {
        return new RuleSelection(RuleSelection.checksClients(ruleId) ? Profile.CLIENT : Profile.FULL, only, exclude).includes(ruleId);
    }

    /** Boolean.parseBoolean reads a typo as false; a setting that decides whether a build fails must not. */
    private static boolean parseBoolean(String value) {
        return switch (value.strip().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(STRICT + " must be true or false, got '" + value + "'");
        };
    }
}
