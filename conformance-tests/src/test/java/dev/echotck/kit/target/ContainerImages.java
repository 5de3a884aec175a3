package dev.echotck.kit.target;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;

/**
 * Images for the container tests, built here from C source: a static binary (gcc -static) as
 * the only file of a FROM-scratch image, because no base image can be pulled on a machine
 * without a registry. Any single-file C server whose binary takes the port as argv[1] will do;
 * the bug macros make mutants of it, e.g. {@code build("/dev/echotck/mutants/c/threaded_echo.c",
 * "BUG_SIGPIPE")} for a mutant shipped in the mutants jar.
 *
 * <p>Builds are cached by source and macros: the image tag and the binary's name carry their hash,
 * so a second test run on the same machine builds nothing.
 */
public final class ContainerImages {

    /** The kit's own small, correct thread-per-client server (test resource). */
    public static final String TINY_ECHO = "/container/tiny_echo.c";

    private static final Path GCC = Path.of("/usr/bin/gcc");
    private static final Path CACHE = Path.of(System.getProperty("java.io.tmpdir"),
            "echotck-images-" + System.getProperty("user.name"));

    /**
     * @param image  the image's tag, e.g. {@code echotck-test/tiny-echo:1a2b3c4d}; its ENTRYPOINT is
     *               the server, so {@code --container-cmd "{port}"} passes the port as argv[1]
     * @param binary the same binary on this machine, for an --exec run to compare with
     */
    public record Built(String image, Path binary) {
    }

    private ContainerImages() {
    }

    /** Why Docker cannot be used here, or empty when it can. */
    static Optional<String> dockerProblem() {
        try {
            ContainerLauncher.docker();
            return Optional.empty();
        } catch (TargetSetupException e) {
            return Optional.of(e.getMessage());
        }
    }

    public static DockerClient docker() {
        return ContainerLauncher.docker();
    }

    public static synchronized Built build(String sourceResource, String... defines) {
        DockerClient docker = docker();
        assumeTrue(Files.isExecutable(GCC), "container tests need gcc to build their static servers");
        try (InputStream in = ContainerImages.class.getResourceAsStream(sourceResource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + sourceResource + " on the test classpath");
            }
            byte[] source = in.readAllBytes();
            String hash = hash(source, defines);
            String base = Path.of(sourceResource).getFileName().toString().replaceFirst("\\.c$", "")
                    .toLowerCase(Locale.ROOT).replace('_', '-');
            String name = base + Arrays.stream(defines).map(d -> "-" + d.toLowerCase(Locale.ROOT).replace('_', '-'))
                    .reduce("", String::concat);
            Built built = new Built("echotck-test/" + name + ":" + hash, CACHE.resolve(name + "-" + hash));
            if (!Files.isExecutable(built.binary())) {
                compile(source, defines, built.binary());
            }
            if (!exists(docker, built.image())) {
                dockerBuild(docker, built);
            }
            return built;
        } catch (IOException e) {
            throw new IllegalStateException("cannot build an image from " + sourceResource, e);
        }
    }

    private static void compile(byte[] source, String[] defines, Path binary) throws IOException {
        Files.createDirectories(CACHE);
        Path c = Files.createTempFile(CACHE, "src", ".c");
        Path partial = Files.createTempFile(CACHE, "bin", ".tmp");
        Files.write(c, source);
        List<String> gcc = new ArrayList<>(List.of(GCC.toString(), "-static", "-O2", "-std=gnu11", "-pthread"));
        Arrays.stream(defines).map(d -> "-D" + d).forEach(gcc::add);
        gcc.addAll(List.of("-o", partial.toString(), c.toString()));
        Process process = new ProcessBuilder(gcc).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("gcc -static failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling");
        } finally {
            Files.deleteIfExists(c);
        }
        Files.move(partial, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void dockerBuild(DockerClient docker, Built built) throws IOException {
        Path context = Files.createTempDirectory(CACHE, "context");
        try {
            Files.copy(built.binary(), context.resolve("server"));
            Files.writeString(context.resolve("Dockerfile"), """
                    FROM scratch
                    COPY server /server
                    ENTRYPOINT ["/server"]
                    """);
            docker.buildImageCmd(context.toFile()).withTags(Set.of(built.image())).start().awaitImageId(120, TimeUnit.SECONDS);
        } finally {
            try (var files = Files.walk(context)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean exists(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static String hash(byte[] source, String[] defines) {
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            digest.update(source);
            digest.update(String.join(",", defines).getBytes());
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
