package dev.echotck.kit.process;

import static dev.echotck.kit.process.ChildProcesses.poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

// Separate thread: a test blocked reading a child's output fails on time, and killAll() unblocks it.
@Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FdLimitTest {

    private static final Duration WAIT = Duration.ofSeconds(2);

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @Test
    void buildsThePrlimitPrefix() {
        assumeTrue(FdLimit.isAvailable(), "needs util-linux prlimit");

        assertThat(FdLimit.commandPrefix(64)).containsExactly("/usr/bin/prlimit", "--nofile=64:64", "--");
        assertThat(FdLimit.wrap(64, List.of("sleep", "30")))
                .containsExactly("/usr/bin/prlimit", "--nofile=64:64", "--", "sleep", "30");
        assertThatThrownBy(() -> FdLimit.commandPrefix(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theChildRunsWithTheLowerLimitUnderItsOwnPid() throws Exception {
        assumeTrue(FdLimit.isAvailable(), "needs util-linux prlimit");

        Process child = children.start(FdLimit.wrap(64, List.of("sleep", "30")).toArray(String[]::new));

        // prlimit execs the command, so the pid we hold becomes sleep's once the exec is done.
        ProcessSnapshot snapshot = poll(WAIT, () -> ProcessSnapshot.take(child.pid()).orElseThrow(),
                s -> s.command().equals("sleep"));
        assertThat(snapshot.command()).isEqualTo("sleep");
        assertThat(FdLimit.of(child.pid())).contains(new FdLimit.Limits(64, 64));
    }

    @Test
    void theLimitIsInheritedByTheServersChildren() throws Exception {
        assumeTrue(FdLimit.isAvailable(), "needs util-linux prlimit");

        Process child = children.start(FdLimit.wrap(32, List.of("/bin/sh", "-c", "sleep 30 & wait")).toArray(String[]::new));

        ProcessTree tree = poll(WAIT, () -> ProcessTree.capture(child.pid()), t -> t.descendants().size() == 1);
        long sleep = tree.descendants().getFirst().pid();
        assertThat(FdLimit.of(sleep)).contains(new FdLimit.Limits(32, 32));
    }

    @Test
    void readsThisJvmsLimitAndParsesUnlimited() {
        assertThat(FdLimit.of(ProcessHandle.current().pid()))
                .hasValueSatisfying(limits -> assertThat(limits.soft()).isPositive().isLessThanOrEqualTo(limits.hard()));
        assertThat(FdLimit.parse("Max open files            1024                 unlimited            files     "))
                .isEqualTo(new FdLimit.Limits(1024, FdLimit.UNLIMITED));
    }

    @Test
    void aGoneProcessHasNoLimit() {
        assertThat(FdLimit.of(Integer.MAX_VALUE)).isEmpty();
    }
}
