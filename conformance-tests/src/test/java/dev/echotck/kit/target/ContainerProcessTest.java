package dev.echotck.kit.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.echotck.kit.process.FdLimit;
import dev.echotck.kit.process.ProcessSnapshot;
import dev.echotck.kit.process.Signals;

/**
 * What the process-level rules rely on, for a server in a container: its pid is the server on
 * this machine, /proc shows its fds and limit, a signal has the effect {@code kill -SIG PID} has,
 * the exit status reads as for --exec, the log is the evidence, and stopping removes the
 * container. Skipped, with the reason, where Docker cannot be reached.
 */
@EnabledIfDocker
class ContainerProcessTest {

    private DockerClient docker;
    private ContainerImages.Built tinyEcho;

    @TempDir
    Path logs;

    @BeforeEach
    void buildImage() {
        docker = ContainerImages.docker();
        tinyEcho = ContainerImages.build(ContainerImages.TINY_ECHO);
    }

    private RunningServer start(LaunchOptions options) {
        return new TargetLauncher(Duration.ofSeconds(20), logs)
                .start(new TargetSpec.Image(tinyEcho.image(), "{port}", List.of(), 0), options);
    }

    @Test
    void thePidIsTheServerWithItsSocketsAndTheFdLimitAsked() {
        try (RunningServer server = start(new LaunchOptions(64))) {
            LaunchedProcess process = server.launched();

            assertThat(process).isInstanceOf(ContainerProcess.class);
            assertThat(ProcessSnapshot.take(process.pid())).map(ProcessSnapshot::command).contains("server");
            assertThat(FdLimit.of(process.pid())).contains(new FdLimit.Limits(64, 64));
            assertThat(process.tree().totalSocketFds()).as("the listening socket").isGreaterThanOrEqualTo(1);
            assertThat(process.stderrTail(5)).contains("listening on 127.0.0.1:" + server.address().getPort());
            assertThat(process.isAlive()).isTrue();
            assertThat(process.exitValue()).isEmpty();
        }
    }

    @Test
    void sigtermStopsItAndTheExitReadsAsForExec() {
        try (RunningServer server = start(LaunchOptions.DEFAULT)) {
            LaunchedProcess process = server.launched();
            var exited = process.onExit();

            assertThat(process.signal(Signals.SIGTERM)).isTrue();

            assertThat(process.awaitExit(Duration.ofSeconds(10))).contains(0);
            assertThat(exited).isDone();
            assertThat(process.isAlive()).isFalse();
            assertThat(process.describeExit()).isEqualTo("exited with status 0");
            assertThat(process.stderrTail(1)).contains("tiny_echo: stopped");
            assertThat(server.deathNotice()).hasValueSatisfying(n -> assertThat(n).contains("exited with status 0"));
            assertThat(process.signal(Signals.SIGTERM)).as("nobody left to signal").isFalse();
        }
    }

    /**
     * As the init of a pid namespace of its own, the server would ignore every signal it has no
     * handler for (SIGUSR1 here; SIGPIPE from a write too): the kit shares the host's pid
     * namespace so that a signal does to it what it does to an --exec server.
     */
    @Test
    void aSignalWithoutHandlerKillsItAsItWouldOutsideAContainer() {
        try (RunningServer server = start(LaunchOptions.DEFAULT)) {
            LaunchedProcess process = server.launched();

            process.signal(Signals.SIGUSR1);

            assertThat(process.awaitExit(Duration.ofSeconds(10))).contains(128 + Signals.SIGUSR1);
            assertThat(process.describeExit()).isEqualTo("killed by SIGUSR1 (status 138)");
        }
    }

    @Test
    void closingRemovesTheContainer() {
        ContainerProcess process;
        try (RunningServer server = start(LaunchOptions.DEFAULT)) {
            process = (ContainerProcess) server.launched();
        }
        assertThat(process.isAlive()).isFalse();
        assertThatThrownBy(() -> docker.inspectContainerCmd(process.containerId()).exec())
                .isInstanceOf(NotFoundException.class);
        assertThat(ProcessSnapshot.take(process.pid())).isEmpty();
    }

    /**
     * A fixed port (--container-port, or the image's EXPOSE) fits one server at a time on the
     * host's network, so a check's fresh server replaces the shared one instead of failing to bind.
     */
    @Test
    void withAFixedPortAFreshServerReplacesTheSharedOne() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        TargetSpec.Image image = new TargetSpec.Image(tinyEcho.image(), Integer.toString(port), List.of(), port);
        try (ServerPool pool = new ServerPool(image, new TargetLauncher(Duration.ofSeconds(20), logs))) {
            ServerUnderTest shared = pool.shared();
            long sharedPid = shared.launched().pid();

            ServerUnderTest fresh = pool.fresh(LaunchOptions.DEFAULT);

            assertThat(shared.launched().isAlive()).as("the shared server was stopped").isFalse();
            assertThat(fresh.address().getPort()).isEqualTo(port);
            assertThat(fresh.launched().isAlive()).isTrue();
            pool.release(fresh);
            assertThat(pool.shared().launched().pid()).as("a new shared server").isNotEqualTo(sharedPid);
        }
    }

    @Test
    void aServerThatExitsAtOnceIsReportedWithItsStatusAndLog() {
        TargetSpec.Image noPort = new TargetSpec.Image(tinyEcho.image(), "", List.of("UNUSED={port}"), 0);

        assertThatThrownBy(() -> new TargetLauncher(Duration.ofSeconds(20), logs).start(noPort, LaunchOptions.DEFAULT))
                .isInstanceOf(TargetSetupException.class)
                .hasMessageContaining("exited with status 2 before it accepted a connection")
                .hasMessageContaining("its container log ends with: usage: tiny_echo PORT");
        assertThat(docker.listContainersCmd().withShowAll(true).withAncestorFilter(List.of(tinyEcho.image())).exec())
                .as("its container was removed").isEmpty();
    }
}
