package dev.echotck.kit.engine;

import java.nio.file.Path;
import java.security.SecureRandom;

/** Defaults that must be chosen once per run, not once per rule. */
final class SeedSource {

    private static final long FRESH = new SecureRandom().nextLong() & Long.MAX_VALUE;

    private SeedSource() {
    }

    static long fresh() {
        return FRESH;
    }

    static Path defaultLogDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "echotck-" + ProcessHandle.current().pid());
    }
}
