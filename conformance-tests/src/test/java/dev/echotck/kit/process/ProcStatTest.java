package dev.echotck.kit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void parsesTheFieldsAfterTheLastParenthesis() {
        // comm "a) b (c" has spaces and parentheses of its own; only the last ')' ends it.
        String line = "4338 (a) b (c) S 4336 4334 2937 0 -1 4227084 95 0 0 0 "
                + "7 3 11 13 20 0 4 0 39513 41111552 2768 18446744073709551615 0 0 0 0 0";

        ProcStat stat = ProcStat.parse(line);

        assertThat(stat.pid()).isEqualTo(4338);
        assertThat(stat.command()).isEqualTo("a) b (c");
        assertThat(stat.state()).isEqualTo('S');
        assertThat(stat.ppid()).isEqualTo(4336);
        assertThat(stat.pgrp()).isEqualTo(4334);
        assertThat(stat.utimeTicks()).isEqualTo(7);
        assertThat(stat.stimeTicks()).isEqualTo(3);
        assertThat(stat.childrenUtimeTicks()).isEqualTo(11);
        assertThat(stat.childrenStimeTicks()).isEqualTo(13);
        assertThat(stat.threads()).isEqualTo(4);
        assertThat(stat.startTimeTicks()).isEqualTo(39513);
        assertThat(stat.virtualBytes()).isEqualTo(41111552);
        assertThat(stat.rssPages()).isEqualTo(2768);
    }

    @Test
    void parsesAZombieLineAsTheKernelWritesIt() {
        String line = "4338 (sleep) Z 4336 4334 2937 0 -1 4227084 95 0 0 0 0 0 0 0 20 0 1 0 39513 0 0 "
                + "18446744073709551615 0 0 0 0 0 0 0 6 0 1 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

        ProcStat stat = ProcStat.parse(line);

        assertThat(stat.state()).isEqualTo('Z');
        assertThat(stat.threads()).isEqualTo(1);
        assertThat(stat.rssPages()).isZero();
    }

    @Test
    void rejectsALineWithoutCommand() {
        assertThatThrownBy(() -> ProcStat.parse("garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsThisJvm() {
        ProcStat self = ProcStat.read(ProcessHandle.current().pid()).orElseThrow();

        assertThat(self.state()).isIn('R', 'S');
        assertThat(self.ppid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(self.threads()).isGreaterThan(1);
    }

    @Test
    void aMissingProcessIsEmpty() {
        assertThat(ProcStat.read(Integer.MAX_VALUE)).isEmpty(); // above any pid_max (at most 2^22)
    }
}
