package dev.echotck.kit.process;

import static dev.echotck.kit.process.ChildProcesses.poll;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

// Separate thread: a test blocked reading a child's output fails on time, and killAll() unblocks it.
@Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessTreeTest {

    private static final Duration WAIT = Duration.ofSeconds(2);

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @Test
    void listsTheRootAndItsDescendants() throws Exception {
        Process sh = children.sh("sleep 30 & sleep 30 & wait");

        ProcessTree tree = poll(WAIT, () -> ProcessTree.capture(sh.pid()), ProcessTreeTest::twoSleepsRunning);

        assertThat(tree.root()).hasValueSatisfying(root -> assertThat(root.command()).isEqualTo("sh"));
        assertThat(tree.processes().getFirst().pid()).isEqualTo(sh.pid());
        assertThat(tree.descendants()).hasSize(2).allSatisfy(child -> {
            assertThat(child.command()).isEqualTo("sleep");
            assertThat(child.ppid()).isEqualTo(sh.pid());
            assertThat(child.isZombie()).isFalse();
        });
        assertThat(tree.childrenOf(sh.pid())).hasSize(2);
        assertThat(tree.zombies()).isEmpty();
        assertThat(tree.totalThreads()).isEqualTo(3);
        assertThat(tree.pids()).containsAll(sh.descendants().map(ProcessHandle::pid).toList());
    }

    @Test
    void findsGrandchildren() throws Exception {
        Process sh = children.sh("sh -c 'sleep 30 & wait' & wait");

        // Until each fork has exec'd, a child still reads "sh": wait for the sleep at the bottom.
        ProcessTree tree = poll(WAIT, () -> ProcessTree.capture(sh.pid()),
                t -> t.size() == 3 && t.processes().getLast().command().equals("sleep"));

        assertThat(tree.processes()).extracting(ProcessSnapshot::command).containsExactly("sh", "sh", "sleep");
        long middle = tree.processes().get(1).pid();
        assertThat(tree.processes().get(2).ppid()).isEqualTo(middle);
    }

    @Test
    void findsAZombieChildByItsPid() throws Exception {
        // sh forks "sleep 0.1", then becomes "sleep 30" by exec; that sleep never waits, so its
        // inherited child stays a zombie once it exits.
        Process sh = children.sh("sleep 0.1 & echo $!; exec sleep 30");
        long zombiePid = Long.parseLong(children.readLine(sh).strip());

        List<ProcessSnapshot> zombies = poll(WAIT, () -> ProcessTree.zombieChildrenOf(sh.pid()), z -> !z.isEmpty());

        assertThat(zombies).singleElement().satisfies(zombie -> {
            assertThat(zombie.pid()).isEqualTo(zombiePid);
            assertThat(zombie.ppid()).isEqualTo(sh.pid());
            assertThat(zombie.state()).isEqualTo('Z');
            assertThat(zombie.openFdCount()).isZero();
            assertThat(zombie.rssBytes()).isZero();
        });
        ProcessTree tree = ProcessTree.capture(sh.pid());
        assertThat(tree.root()).hasValueSatisfying(root -> assertThat(root.command()).isEqualTo("sleep"));
        assertThat(tree.zombies()).extracting(ProcessSnapshot::pid).containsExactly(zombiePid);
    }

    @Test
    void aProcessThatReapsItsChildHasNoZombie() throws Exception {
        Process sh = children.sh("sleep 0.05; echo reaped; exec sleep 30");

        assertThat(children.readLine(sh)).isEqualTo("reaped");
        assertThat(ProcessTree.zombieChildrenOf(sh.pid())).isEmpty();
    }

    @Test
    void seesTheFdCountGrowWhenTheProcessOpensFiles() throws Exception {
        // Both snapshots are taken while sh blocks in "read", at points it announced on stdout.
        Process sh = children.sh("echo started; read go; exec 3</dev/null 4</dev/null; echo opened; read stay");
        assertThat(children.readLine(sh)).isEqualTo("started");
        ProcessSnapshot before = ProcessSnapshot.take(sh.pid()).orElseThrow();

        ChildProcesses.writeLine(sh, "go");
        assertThat(children.readLine(sh)).isEqualTo("opened");
        ProcessSnapshot after = ProcessSnapshot.take(sh.pid()).orElseThrow();

        assertThat(before.fdsReadable()).isTrue();
        assertThat(after.openFdCount() - before.openFdCount()).as("%s -> %s", before.openFds(), after.openFds())
                .isEqualTo(2);
        assertThat(after.openFds()).contains(new OpenFd(3, "/dev/null"), new OpenFd(4, "/dev/null"));
        assertThat(before.openFds()).extracting(OpenFd::fd).doesNotContain(3, 4);
    }

    @Test
    @SuppressWarnings("try") // the channels only need to be open
    void listsSocketFdsWithTheirInodes() throws IOException {
        long self = ProcessHandle.current().pid();
        // The first NIO channel also makes the JDK keep a socket of its own open, so count from the second.
        try (ServerSocketChannel first = ServerSocketChannel.open().bind(null)) {
            List<OpenFd> before = ProcessSnapshot.take(self).orElseThrow().socketFds();

            try (ServerSocketChannel second = ServerSocketChannel.open().bind(null)) {
                List<OpenFd> after = ProcessSnapshot.take(self).orElseThrow().socketFds();

                assertThat(after).hasSize(before.size() + 1).containsAll(before);
                assertThat(after).allSatisfy(fd -> assertThat(fd.socketInode()).isPresent());
            }
        }
    }

    @Test
    void reportsThreadsMemoryAndCpu() throws Exception {
        Process sleep = children.start("sleep", "30");
        // Until sleep has exec'd and faulted its pages in, rss may still read 0.
        ProcessSnapshot snapshot = poll(WAIT, () -> ProcessSnapshot.take(sleep.pid()).orElseThrow(),
                s -> s.command().equals("sleep") && s.state() == 'S' && s.rssBytes() > 0);
        ProcessSnapshot jvm = ProcessSnapshot.take(ProcessHandle.current().pid()).orElseThrow();

        assertThat(snapshot.threads()).isEqualTo(1);
        assertThat(snapshot.rssBytes()).isPositive();
        assertThat(snapshot.virtualBytes()).isGreaterThanOrEqualTo(snapshot.rssBytes());
        assertThat(snapshot.cpuTime()).isLessThan(Duration.ofMillis(100));
        assertThat(jvm.threads()).isGreaterThan(5);
        assertThat(jvm.cpuTime()).isPositive(); // the JVM has compiled and run this test by now
        assertThat(snapshot.summary()).startsWith("pid " + sleep.pid() + " (sleep) S, 1 threads, ");
    }

    @Test
    void aGoneProcessHasNoSnapshotAndAnEmptyTree() throws Exception {
        Process done = children.start("true");
        done.waitFor();

        assertThat(ProcessSnapshot.take(done.pid())).isEmpty();
        assertThat(OpenFd.list(done.pid())).isEmpty();
        ProcessTree tree = ProcessTree.capture(done.pid());
        assertThat(tree.root()).isEmpty();
        assertThat(tree.size()).isZero();
        assertThat(tree.totalCpuTime()).isZero();
    }

    private static boolean twoSleepsRunning(ProcessTree tree) {
        return tree.descendants().size() == 2
                && tree.descendants().stream().allMatch(p -> p.command().equals("sleep"));
    }
}
