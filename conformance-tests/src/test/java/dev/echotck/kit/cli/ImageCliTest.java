package dev.echotck.kit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.echotck.kit.target.ContainerImages;
import dev.echotck.kit.target.EnabledIfDocker;

/** What a user of --image sees when something is wrong: one line on stderr and exit status 2. */
@EnabledIfDocker
class ImageCliTest {

    private ContainerImages.Built tinyEcho;

    @BeforeEach
    void buildImage() {
        tinyEcho = ContainerImages.build(ContainerImages.TINY_ECHO);
    }

    @Test
    void anImageThatIsNotThereIsOneLineNotADownload() {
        CliRun run = CliRun.of("run", "--image", "echotck-test/no-such-image:0", "--container-cmd", "{port}");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo(
                "echotck: image echotck-test/no-such-image:0 is not in the local Docker: build or pull it first (echotck never pulls)");
    }

    @Test
    void theKitMustKnowWhichPortTheServerListensOn() {
        CliRun run = CliRun.of("run", "--image", tinyEcho.image());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cannot tell which port").contains("{port}").contains("--container-port");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void aServerThatNeverListensIsReportedWithItsContainerLog() {
        CliRun run = CliRun.of("run", "--image", tinyEcho.image(), "--container-cmd", "0",
                "--container-env", "UNUSED={port}", "--only", "ECHO-1", "--timeout-scale", "0.1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("did not accept connections")
                .contains("its container log ends with: tiny_echo: listening on 127.0.0.1:0");
    }

    @Test
    void containerOptionsNeedAnImage() {
        CliRun run = CliRun.of("run", "--reference", "blocking", "--container-port", "7007");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("go with --image");
    }

    /** Docker hidden from the kit alone: a private mount namespace with nothing at the socket. */
    @Test
    void noDockerIsOneLineThatSaysWhatToDo() throws Exception {
        Path socket = Path.of("/run/docker.sock");
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare"))
                && Files.exists(socket) && System.getenv("DOCKER_HOST") == null,
                "hiding Docker from a kit needs root, unshare and the daemon at " + socket);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process kit = new ProcessBuilder("/usr/bin/unshare", "--mount", "/bin/sh", "-c",
                "mount --bind /dev/null \"$0\" && exec \"$@\"", socket.toString(),
                java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                EchoTck.class.getName(), "run", "--image", tinyEcho.image(), "--container-cmd", "{port}")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(kit.getErrorStream().readAllBytes());
        assertThat(kit.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(kit.exitValue()).isEqualTo(2);
        assertThat(err).startsWith("echotck: docker is not running: start dockerd, see README");
        assertThat(err.strip().lines()).hasSize(1);
    }
}
