package dev.echotck.kit.target;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
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

    static Path binary(Mutant mutant) {
        return build(mutant.name(), mutant.nativeSource(), mutant.cDefine());
    }

    /**
     * Builds one of the C sources in {@code mutants/c/} as it stands, without any {@code BUG_} macro:
     * the correct server the mutants are made from (for self-tests that check it passes every rule).
     *
     * @param source the file name, e.g. {@code forked_echo.c}
     */
    public static Path correctServer(String source) {
        return build(source.replaceFirst("\\.c$", ""), "/dev/echotck/mutants/c/" + source, null);
    }

    /**
     * Builds another C program the kit ships as a classpath resource, such as the bench's baseline
     * server and load generator, the same way and into the same cache as the mutants.
     *
     * @param resource an absolute resource path, e.g. {@code /dev/echotck/kit/bench/epoll_echo.c}
     */
    public static Path program(String resource) {
        String file = resource.substring(resource.lastIndexOf('/') + 1);
        return build(file.replaceFirst("\\.c$", ""), resource, null);
    }

    /** Compiles {@code resource} with {@code -D<define>} (none when null), once per source version and macro. */
    private static synchronized Path build(String name, String resource, String define) {
        if (!canBuild()) {
            throw new TestAbortedException("C server " + name + " needs gcc (" + GCC + "), which is missing");
        }
        try (InputStream source = Mutants.class.getResourceAsStream(resource)) {
            if (source == null) {
                throw new TargetSetupException("the mutants jar has no source " + resource);
            }
            byte[] code = source.readAllBytes();
            Files.createDirectories(CACHE);
            String version = Integer.toHexString(java.util.Arrays.hashCode(code) * 31 + java.util.Objects.hashCode(define));
            Path binary = CACHE.resolve(name + "-" + version);
            if (Files.isExecutable(binary)) {
                return binary;
            }
            Path c = CACHE.resolve(name + "-" + version + ".c");
            Files.write(c, code);
            Path partial = Files.createTempFile(CACHE, name, ".tmp");
            List<String> command = new ArrayList<>(List.of(GCC.toString(), "-O2", "-std=gnu11", "-pthread"));
            if (define != null) {
                command.add("-D" + define);
            }
            command.addAll(List.of("-o", partial.toString(), c.toString()));
            Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(gcc.getInputStream().readAllBytes());
            if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
                throw new TargetSetupException("gcc failed on " + resource + ": " + output.strip());
            }
            Files.move(partial, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return binary;
        } catch (IOException e) {
            throw new TargetSetupException("cannot build C server " + name + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetSetupException("interrupted while building C server " + name);
        }
    }
}
