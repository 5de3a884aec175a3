package dev.echotck.kit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SummaryTest {

    private static Measurement run(int round, String target, long ops) {
        LoadResult result = new LoadResult(ops, ops * 64, 1.0, null, 16, 0, 0, 1.0, List.of(), 0);
        return new Measurement(round, target, "nio", result, null, 0.5, 0.5, 1.5, -1, -1, 1, 3);
    }

    @Test
    void ratiosAreTakenWithinARoundSoThatDriftCancelsOut() {
        // The machine gets twice as fast from round to round; B is always 0.8 of A in the same round.
        List<Measurement> a = List.of(run(1, "a", 100), run(2, "a", 200), run(3, "a", 400));
        List<Measurement> b = List.of(run(1, "b", 80), run(2, "b", 160), run(3, "b", 320));

        List<Summary> summaries = Summary.of(List.of(a, b), BenchMode.PINGPONG);

        assertThat(summaries.get(0).ratio()).isEqualTo(1.0);
        assertThat(summaries.get(1).ratio()).isEqualTo(0.8);
        assertThat(summaries.get(1).throughput()).isEqualTo(160);
    }

    @Test
    void aWrongRunHasNoRatio() {
        LoadResult wrong = new LoadResult(1000, 64000, 1.0, null, 16, 16, 0, Double.NaN, List.of("connection 0: wrong bytes"), 0);
        List<Measurement> a = List.of(run(1, "a", 100));
        List<Measurement> b = List.of(new Measurement(1, "b", "nio", wrong, null, 0.5, 0.5, 1.5, -1, -1, 1, 3));

        Summary summary = Summary.of(List.of(a, b), BenchMode.PINGPONG).get(1);

        assertThat(summary.clean()).isFalse();
        assertThat(summary.ratio()).isNaN();
        assertThat(summary.problems()).anyMatch(p -> p.contains("16 of 16 connections got wrong bytes"));
    }

    @Test
    void aStarvedConnectionStillCountsButShowsAsTheSlowestShare() {
        LoadResult unfair = new LoadResult(1000, 64000, 1.0, null, 4, 0, 1,
                LoadResult.slowestShare(new long[] {400, 300, 300, 0}), List.of(), 0);
        List<Measurement> a = List.of(new Measurement(1, "a", "nio", unfair, null, 0.5, 0.5, 1.0, -1, -1, 1, 3));

        Summary summary = Summary.of(List.of(a), BenchMode.PINGPONG).getFirst();

        assertThat(summary.clean()).isTrue();
        assertThat(summary.starved()).isTrue();
        assertThat(summary.slowestShare()).isZero();
        assertThat(summary.problems()).anyMatch(p -> p.contains("1 of 4 connections got nothing back"));
        assertThat(LoadResult.slowestShare(new long[] {100, 50})).isEqualTo(50 / 75.0);
    }

    @Test
    void theCpuAdjustedRatioCancelsWhatOtherUsersTookFromARun() {
        // B ran while someone else's build took half the machine: half the throughput, with half the CPU.
        LoadResult full = new LoadResult(1000, 64000, 1.0, null, 16, 0, 0, 1.0, List.of(), 0);
        LoadResult squeezed = new LoadResult(500, 32000, 1.0, null, 16, 0, 0, 1.0, List.of(), 0);
        List<Measurement> a = List.of(new Measurement(1, "a", "nio", full, null, 1.0, 1.0, 2.0, -1, -1, 1, 3));
        List<Measurement> b = List.of(new Measurement(1, "b", "nio", squeezed, null, 0.5, 0.5, 2.0, -1, -1, 1, 3));

        Summary summary = Summary.of(List.of(a, b), BenchMode.PINGPONG).get(1);

        assertThat(summary.ratio()).isEqualTo(0.5);
        assertThat(summary.cpuAdjustedRatio()).isEqualTo(1.0);
    }
}
