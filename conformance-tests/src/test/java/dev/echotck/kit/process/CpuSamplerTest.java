package dev.echotck.kit.process;

import static dev.echotck.kit.process.ChildProcesses.poll;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CpuSamplerTest {

    private static final Duration WINDOW = Duration.ofMillis(300);

    private final ChildProcesses children = new ChildProcesses();

    @AfterEach
    void killChildren() throws Exception {
        children.killAll();
    }

    @Test
    void aBusyLoopUsesMostOfACore() throws Exception {
        Process busy = children.sh("while :; do :; done");

        CpuSampler.Usage usage = CpuSampler.measure(busy.pid(), WINDOW);

        // A full core would be 300 ms; leave room for a loaded CI machine.
        assertThat(usage.cpu()).as(usage.summary()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(usage.wall()).isGreaterThanOrEqualTo(WINDOW);
    }

    @Test
    void anIdleProcessUsesAlmostNothing() throws Exception {
        Process idle = children.start("sleep", "30");

        CpuSampler.Usage usage = CpuSampler.measure(idle.pid(), WINDOW);

        assertThat(usage.cpu()).as(usage.summary()).isLessThanOrEqualTo(Duration.ofMillis(20));
        assertThat(usage.coreFraction()).isLessThan(0.1);
    }

    @Test
    void countsBusyDescendantsNotJustTheRoot() throws Exception {
        Process sh = children.sh("while :; do :; done & wait");
        poll(Duration.ofSeconds(2), () -> ProcessTree.capture(sh.pid()), t -> t.size() == 2);

        CpuSampler.Usage usage = CpuSampler.measure(sh.pid(), WINDOW);

        assertThat(usage.cpu()).as(usage.summary()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void keepsTheCpuOfAWorkerThatExitedAndWasReapedInsideTheWindow() throws Exception {
        // go -> a worker spins for 0.3 s, is killed by timeout, reaped; then only sleep remains.
        Process sh = children.sh("read go; timeout 0.3 sh -c 'while :; do :; done'; echo done; exec sleep 30");
        CpuSampler sampler = CpuSampler.start(sh.pid());

        ChildProcesses.writeLine(sh, "go");
        assertThat(ChildProcesses.readLine(sh)).isEqualTo("done");
        CpuSampler.Usage usage = sampler.sinceStart();

        assertThat(ProcessTree.capture(sh.pid()).descendants()).isEmpty();
        assertThat(usage.cpu()).as(usage.summary()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }
}
