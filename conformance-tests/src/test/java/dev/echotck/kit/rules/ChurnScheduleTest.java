package dev.echotck.kit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.echotck.kit.rules.ChurnSchedule.Kind;
import dev.echotck.kit.rules.ChurnSchedule.Step;

/** CONC-4's schedules are well formed, replayable from a seed, and shrink to well-formed schedules. */
class ChurnScheduleTest {

    @Test
    void theSameSeedDrawsTheSameSchedules() {
        assertThat(ChurnSchedule.generate(new SplittableRandom(42)))
                .isEqualTo(ChurnSchedule.generate(new SplittableRandom(42)));
    }

    @Test
    void everyDrawnScheduleIsWellFormed() {
        SplittableRandom random = new SplittableRandom(7);
        IntStream.range(0, 500).mapToObj(i -> ChurnSchedule.generate(random)).forEach(ChurnScheduleTest::assertWellFormed);
    }

    @Test
    void everyShrinkCandidateIsWellFormedAndSmaller() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 50; i++) {
            ChurnSchedule schedule = ChurnSchedule.generate(random);
            schedule.shrink().forEach(smaller -> {
                assertWellFormed(smaller);
                assertThat(size(smaller)).isLessThan(size(schedule));
            });
        }
    }

    @Test
    void aTwoClientScheduleShrinksNoFurtherThanTwoClientsWithOneLineEach() {
        ChurnSchedule minimal = new ChurnSchedule(1, List.of(new Step(1, Kind.CONNECT, 0, 0),
                new Step(2, Kind.CONNECT, 0, 0), new Step(1, Kind.WRITE, 1, 1), new Step(1, Kind.HALF_CLOSE, 0, 0),
                new Step(2, Kind.WRITE, 1, 1), new Step(2, Kind.HALF_CLOSE, 0, 0)));
        assertThat(minimal.shrink().map(s -> s.clients().size()).toList()).containsOnly(1);
        assertThat(minimal.toString()).isEqualTo("2 clients, 6 steps: c1 connects; c2 connects; c1 writes 1 line; "
                + "c1 half-closes; c2 writes 1 line; c2 half-closes");
    }

    /** Clients numbered 1..n in connect order; each connects first, writes, then ends exactly once. */
    private static void assertWellFormed(ChurnSchedule schedule) {
        List<Integer> clients = schedule.clients();
        assertThat(clients).isEqualTo(IntStream.rangeClosed(1, clients.size()).boxed().toList());
        for (int c : clients) {
            List<Step> life = schedule.steps().stream().filter(s -> s.client() == c && s.kind() != Kind.PAUSE).toList();
            assertThat(life.getFirst().kind()).isEqualTo(Kind.CONNECT);
            assertThat(life.getLast().kind()).isIn(Kind.HALF_CLOSE, Kind.LEAVE);
            assertThat(life.subList(1, life.size() - 1)).isNotEmpty().allMatch(s -> s.kind() == Kind.WRITE);
            assertThat(schedule.expected(c)).isNotEmpty();
        }
    }

    private static int size(ChurnSchedule schedule) {
        return schedule.steps().stream().mapToInt(s -> s.kind() == Kind.WRITE ? s.lines() : 1).sum();
    }
}
