package dev.echotck.kit.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.echotck.kit.cli.EchoTck;
import dev.echotck.kit.process.Signals;

/**
 * However the kit ends, the containers it started are removed: Ctrl-C (SIGINT) and SIGTERM run
 * its shutdown hook; SIGKILL runs nothing, and the guardian removes them when the kit's pipe
 * closes. The container's server listens on a port of its own, not the kit's, so the kit sits
 * waiting for it when it is killed.
 */
@EnabledIfDocker
class NoContainerLeftTest {

    private DockerClient docker;
    private ContainerImages.Built tinyEcho;

    @BeforeEach
    void buildImage() {
        docker = ContainerImages.docker();
        tinyEcho = ContainerImages.build(ContainerImages.TINY_ECHO);
    }

    @ParameterizedTest(name = "kit killed by {0}")
    @ValueSource(strings = {"SIGKILL", "SIGTERM", "SIGINT"})
    void theContainersGoWithTheKit(String signal, @TempDir Path dir) throws Exception {
        Process kit = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                EchoTck.class.getName(), "run", "--image", tinyEcho.image(),
                "--container-cmd", "0", "--container-env", "UNUSED={port}") // listens on a random port, not {port}
                .redirectErrorStream(true).redirectOutput(dir.resolve("kit.log").toFile()).start();
        try {
            List<String> started = await().atMost(Duration.ofSeconds(30)).until(
                    () -> containersOf(tinyEcho.image()), containers -> !containers.isEmpty());

            Signals.send(kit.pid(), signal);
            kit.waitFor();

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(containersOf(tinyEcho.image())).as("containers left after " + signal + " (had " + started + ")")
                            .isEmpty());
        } finally {
            kit.destroyForcibly();
            kit.waitFor();
            containersOf(tinyEcho.image()).forEach(ContainerLauncher::removeQuietly);
        }
    }

    /** Containers of the image started by any kit run (running or not). */
    private List<String> containersOf(String image) {
        return docker.listContainersCmd().withShowAll(true).withAncestorFilter(List.of(image)).exec().stream()
                .filter(c -> c.getLabels().containsKey(ContainerLauncher.RUN_LABEL))
                .map(Container::getId).toList();
    }
}
