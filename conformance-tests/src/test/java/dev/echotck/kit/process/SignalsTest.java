package dev.echotck.kit.process;

import static dev.echotck.kit.process.ChildProcesses.poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

// Separate thread: a test blocked reading a child's output fails on time, and killAll() unblocks it.
@Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SignalsTest {

    private static final Duration WAIT = Duration.ofSeconds(2);

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @Test
    void sigtermKillsASleepWithStatus143() throws Exception {
        Process sleep = children.start("sleep", "30");

        assertThat(Signals.send(sleep.pid(), Signals.SIGTERM)).isTrue();

        assertThat(sleep.waitFor(2, TimeUnit.SECONDS)).isTrue();
        assertThat(sleep.exitValue()).isEqualTo(143);
        assertThat(Signals.describeExit(sleep)).isEqualTo("killed by SIGTERM (status 143)");
    }

    @Test
    void sendsBySignalName() throws Exception {
        Process sleep = children.start("sleep", "30");

        assertThat(Signals.send(sleep.pid(), "kill")).isTrue();

        assertThat(sleep.waitFor(2, TimeUnit.SECONDS)).isTrue();
        assertThat(Signals.describeExit(sleep)).isEqualTo("killed by SIGKILL (status 137)");
    }

    @Test
    void aSignalWhoseDefaultIsIgnoreLeavesTheProcessRunning() throws Exception {
        Process sleep = children.start("sleep", "30");

        assertThat(Signals.send(sleep.pid(), Signals.SIGWINCH)).isTrue();
        assertThat(Signals.send(sleep.pid(), Signals.SIGURG)).isTrue();

        assertThat(sleep.waitFor(100, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(Signals.describeExit(sleep)).isEqualTo("still running");
    }

    @Test
    void aReapedProcessIsReportedAsNotFound() throws Exception {
        Process done = children.start("true");
        done.waitFor();

        assertThat(Signals.send(done.pid(), Signals.SIGTERM)).isFalse();
        assertThat(Signals.send(Integer.MAX_VALUE, 0)).isFalse(); // above any pid_max
    }

    @Test
    void signalZeroOnlyChecksExistence() throws Exception {
        Process sleep = children.start("sleep", "30");

        assertThat(Signals.send(sleep.pid(), 0)).isTrue();
        assertThat(sleep.isAlive()).isTrue();
    }

    @Test
    void refusesTargetsThatWouldHitTheKitOrEveryone() {
        long self = ProcessHandle.current().pid();
        long ownGroup = ProcessSnapshot.take(self).orElseThrow().pgrp();

        assertThatThrownBy(() -> Signals.send(0, Signals.SIGTERM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Signals.send(-1, Signals.SIGTERM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Signals.send(self, Signals.SIGTERM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Signals.sendToGroup(1, Signals.SIGTERM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Signals.sendToGroup(ownGroup, Signals.SIGTERM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("own process group");
        assertThatThrownBy(() -> Signals.send(12345, 65)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sigtermToAGroupReachesEveryMember() throws Exception {
        Path setsid = Path.of("/usr/bin/setsid");
        assumeTrue(Files.isExecutable(setsid), "needs util-linux setsid");
        // Java's child is not a group leader, so setsid execs in place: the group id is sh's pid.
        Process sh = children.start(setsid.toString(), "/bin/sh", "-c", "sleep 30 & sleep 30 & wait");
        ProcessTree tree = poll(WAIT, () -> ProcessTree.capture(sh.pid()),
                t -> t.descendants().size() == 2 && t.descendants().stream().allMatch(p -> p.command().equals("sleep")));
        assertThat(tree.processes()).allSatisfy(p -> assertThat(p.pgrp()).isEqualTo(sh.pid()));
        List<Long> sleeps = tree.descendants().stream().map(ProcessSnapshot::pid).toList();

        assertThat(Signals.sendToGroup(sh.pid(), Signals.SIGTERM)).isTrue();

        assertThat(sh.waitFor(2, TimeUnit.SECONDS)).isTrue();
        assertThat(sh.exitValue()).isEqualTo(143);
        for (long pid : sleeps) {
            // Dead: gone, or a zombie until init gets round to reaping the orphan (seconds, here),
            // which is also why we don't wait for kill(-pgid, 0) to fail: zombies still count.
            assertThat(poll(WAIT, () -> ProcessSnapshot.take(pid), s -> s.isEmpty() || s.get().isZombie()))
                    .satisfiesAnyOf(s -> assertThat(s).isEmpty(), s -> assertThat(s.orElseThrow().isZombie()).isTrue());
        }
    }

    @Test
    void namesAndNumbers() {
        assertThat(Signals.number("SIGTERM")).isEqualTo(15);
        assertThat(Signals.number("term")).isEqualTo(15);
        assertThat(Signals.number(" 9 ")).isEqualTo(9);
        assertThat(Signals.number("WINCH")).isEqualTo(Signals.SIGWINCH).isEqualTo(28);
        assertThat(Signals.number("urg")).isEqualTo(Signals.SIGURG).isEqualTo(23);
        assertThat(Signals.number("CHLD")).isEqualTo(Signals.SIGCHLD).isEqualTo(17);
        assertThat(Signals.name(Signals.SIGPIPE)).isEqualTo("SIGPIPE");
        assertThat(Signals.name(Signals.SIGUSR1)).isEqualTo("SIGUSR1");
        assertThat(Signals.name(Signals.SIGHUP)).isEqualTo("SIGHUP");
        assertThat(Signals.name(Signals.SIGINT)).isEqualTo("SIGINT");
        assertThat(Signals.name(40)).isEqualTo("signal 40");
        assertThatThrownBy(() -> Signals.number("SIGNOPE")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Signals.number("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesExitValuesForEvidence() {
        assertThat(Signals.describeExitValue(0)).isEqualTo("exited with status 0");
        assertThat(Signals.describeExitValue(1)).isEqualTo("exited with status 1");
        assertThat(Signals.describeExitValue(128)).isEqualTo("exited with status 128");
        assertThat(Signals.describeExitValue(130)).isEqualTo("killed by SIGINT (status 130)");
        assertThat(Signals.describeExitValue(137)).isEqualTo("killed by SIGKILL (status 137)");
        assertThat(Signals.describeExitValue(141)).isEqualTo("killed by SIGPIPE (status 141)");
        assertThat(Signals.describeExitValue(143)).isEqualTo("killed by SIGTERM (status 143)");
        assertThat(Signals.describeExitValue(255)).isEqualTo("exited with status 255");
    }

    @Test
    void sigpipeDeathIsDescribed() throws Exception {
        Process sleep = children.start("sleep", "30");

        Signals.send(sleep.pid(), Signals.SIGPIPE);

        assertThat(sleep.waitFor(2, TimeUnit.SECONDS)).isTrue();
        assertThat(Signals.describeExit(sleep)).isEqualTo("killed by SIGPIPE (status 141)");
    }
}
