package dev.echotck.kit.target;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import org.opentest4j.TestAbortedException;

import dev.echotck.mutants.Mutant;
import dev.echotck.mutants.Mutants;

/**
 * Builds a C mutant from the source shipped in the mutants jar, once per source version and bug
 * macro, with the machine's gcc. The binary takes the port as its only argument. Where gcc is missing the checks
 * against C mutants are skipped with that reason, never passed.
 */
public final class NativeMutants {

    private static final Path GCC = Path.of("/usr/bin/gcc");
    private static final Path CACHE = Path.of(System.getProperty("java.io.tmpdir"), "echotck-native-" + System.getProperty("user.name"));

    private NativeMutants() {
    }

    public static boolean canBuild() {
        return Files.isExecutable(GCC);
    }

    static synchronized Path binary(Mutant mutant) {
        if (!canBuild()) {
            throw new TestAbortedException("C mutant " + mutant.name() + " needs gcc (" + GCC + "), which is missing");
        }
        try (InputStream source = Mutants.class.getResourceAsStream(mutant.nativeSource())) {
            if (source == null) {
                throw new TargetSetupException("the mutants jar has no source " + mutant.nativeSource());
            }
            byte[] code = source.readAllBytes();
            Files.createDirectories(CACHE);
            String version = Integer.toHexString(java.util.Arrays.hashCode(code) * 31 + mutant.cDefine().hashCode());
            Path binary = CACHE.resolve(mutant.name() + "-" + version);
            if (Files.isExecutable(binary)) {
                return binary;
            }
            Path c = CACHE.resolve(mutant.name() + "-" + version + ".c");
            Files.write(c, code);
            Path partial = Files.createTempFile(CACHE, mutant.name(), ".tmp");
            Process gcc = new ProcessBuilder(GCC.toString(), "-O2", "-std=gnu11", "-pthread", "-D" + mutant.cDefine(),
                    "-o", partial.toString(), c.toString())
                    .redirectErrorStream(true).start();
            String output = new String(gcc.getInputStream().readAllBytes());
            if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
                throw new TargetSetupException("gcc failed on " + mutant.nativeSource() + ": " + output.strip());
            }
            Files.move(partial, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return binary;
        } catch (IOException e) {
            throw new TargetSetupException("cannot build C mutant " + mutant.name() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetSetupException("interrupted while building C mutant " + mutant.name());
        }
    }
}
