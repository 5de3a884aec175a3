package dev.echotck.kit.engine;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

import dev.echotck.kit.target.ClientSpec;
import dev.echotck.kit.target.TargetSpec;

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
 */
public record KitSettings(Optional<TargetSpec> target, Optional<ClientSpec> client, long seed, double timeoutScale,
                          Path logDir) {

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
        return new KitSettings(target, client, seed, scale, logDir);
    }
}
