package dev.echotck.kit.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.echotck.kit.cli.EchoTck;
import dev.echotck.kit.process.ProcessSnapshot;
import dev.echotck.kit.process.Signals;

/**
 * However the kit ends, the server it started ends too, with everything the server forked:
 * Ctrl-C (SIGINT), SIGTERM, and SIGKILL, which runs no cleanup code at all.
 */
class NoOrphansTest {

    @ParameterizedTest(name = "kit killed by {0}")
    @ValueSource(strings = {"SIGKILL", "SIGTERM", "SIGINT"})
    void serverAndItsChildrenDieWithTheKit(String signal, @TempDir Path dir) throws Exception {
        // A "server" that forks a child and never listens: the kit sits waiting for it to come up.
        Path server = dir.resolve("forking-server.sh");
        Files.writeString(server, "#!/bin/sh\nsleep 300 &\nexec sleep 301\n");
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwx------"));
        Process kit = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                EchoTck.class.getName(), "run", "--exec", server + " {port}")
                .redirectErrorStream(true).redirectOutput(dir.resolve("kit.log").toFile()).start();
        try {
            Set<Long> serverTree = await().atMost(Duration.ofSeconds(20)).until(() -> sleepers(kit), s -> s.size() == 2);

            Signals.send(kit.pid(), signal);
            kit.waitFor();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(serverTree).allSatisfy(pid -> assertThat(alive(pid)).as("pid " + pid).isFalse()));
        } finally {
            kit.destroyForcibly();
            kit.waitFor();
        }
    }

    private static Set<Long> sleepers(Process kit) {
        return kit.descendants().filter(p -> p.info().command().map(c -> c.endsWith("sleep")).orElse(false))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** A zombie waiting for init to reap it is dead for our purpose. */
    private static boolean alive(long pid) {
        return ProcessSnapshot.take(pid).map(p -> !p.isZombie()).orElse(false);
    }

}
