package dev.echotck.kit.process;

import static dev.echotck.kit.process.ChildProcesses.poll;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

// Separate thread: a test blocked reading a child's output fails on time, and killAll() unblocks it.
@Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CpuSamplerTest {

    private static final Duration WINDOW = Duration.ofMillis(300);
    private static final Duration BUSY_ENOUGH = Duration.ofMillis(100);
    // On a loaded machine a busy child gets less than a core: wait for CPU, not for a wall-clock share.
    private static final Duration LOADED_MACHINE_GRACE = Duration.ofSeconds(2);

    @RegisterExtension
    final ChildProcesses children = new ChildProcesses();

    @Test
    void aBusyLoopAccumulatesCpu() throws Exception {
        Process busy = children.sh("while :; do :; done");
        CpuSampler sampler = CpuSampler.start(busy.pid());

        CpuSampler.Usage usage = poll(LOADED_MACHINE_GRACE, sampler::sinceStart, u -> u.cpu().compareTo(BUSY_ENOUGH) >= 0);

        assertThat(usage.cpu()).as(usage.summary()).isGreaterThanOrEqualTo(BUSY_ENOUGH);
        assertThat(usage.coreFraction()).as(usage.summary()).isGreaterThan(0.1);
    }

    @Test
    void anIdleProcessUsesAlmostNothing() throws Exception {
        Process idle = children.start("sleep", "30");

        CpuSampler.Usage usage = CpuSampler.measure(idle.pid(), WINDOW);

        assertThat(usage.wall()).isGreaterThanOrEqualTo(WINDOW);
        assertThat(usage.cpu()).as(usage.summary()).isLessThanOrEqualTo(Duration.ofMillis(20)); // 2 ticks
        assertThat(usage.coreFraction()).isLessThan(0.1);
    }

    @Test
    void countsBusyDescendantsNotJustTheRoot() throws Exception {
        Process sh = children.sh("while :; do :; done & wait");
        poll(Duration.ofSeconds(2), () -> ProcessTree.capture(sh.pid()), t -> t.size() == 2);
        CpuSampler sampler = CpuSampler.start(sh.pid());

        CpuSampler.Usage usage = poll(LOADED_MACHINE_GRACE, sampler::sinceStart, u -> u.cpu().compareTo(BUSY_ENOUGH) >= 0);

        assertThat(usage.cpu()).as(usage.summary()).isGreaterThanOrEqualTo(BUSY_ENOUGH);
        assertThat(ProcessSnapshot.take(sh.pid()).orElseThrow().cpuTime()).isLessThan(BUSY_ENOUGH); // root idles in wait
    }

    @Test
    void keepsTheCpuOfAWorkerThatExitedAndWasReapedInsideTheWindow() throws Exception {
        // On "go" a worker does a fixed amount of work (about 0.2 s of CPU), exits and is reaped;
        // then only sh, blocked in read, remains. Fixed work rather than a time limit keeps the
        // CPU the same on a loaded machine.
        Process sh = children.sh("read go; sh -c 'i=0; while [ $i -lt 250000 ]; do i=$((i+1)); done'; "
                + "echo done; read stay");
        CpuSampler sampler = CpuSampler.start(sh.pid());

        ChildProcesses.writeLine(sh, "go");
        assertThat(children.readLine(sh)).isEqualTo("done");
        CpuSampler.Usage usage = sampler.sinceStart();

        assertThat(ProcessTree.capture(sh.pid()).descendants()).isEmpty();
        assertThat(usage.cpu()).as(usage.summary()).isGreaterThanOrEqualTo(BUSY_ENOUGH);
    }
}
