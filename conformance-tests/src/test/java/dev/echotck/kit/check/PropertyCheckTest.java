package dev.echotck.kit.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class PropertyCheckTest {

    /** "No list holds a number above 100", shrunk by dropping elements and halving numbers. */
    private final PropertyCheck<List<Integer>> property = new PropertyCheck<>(
            random -> random.ints(1 + random.nextInt(20), 0, 200).boxed().toList(),
            PropertyCheckTest::smaller, 50, Duration.ofSeconds(5));

    private static Stream<List<Integer>> smaller(List<Integer> list) {
        List<List<Integer>> candidates = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            List<Integer> without = new ArrayList<>(list);
            without.remove(i);
            candidates.add(without);
            List<Integer> halved = new ArrayList<>(list);
            halved.set(i, list.get(i) / 2);
            candidates.add(halved);
        }
        return candidates.stream();
    }

    private static Optional<String> noneAbove100(List<Integer> list) {
        return list.stream().filter(n -> n > 100).findFirst().map(n -> n + " is above 100");
    }

    @Test
    void aFailureIsShrunkToASmallestCounterexample() {
        var failure = property.check(new SplittableRandom(1), PropertyCheckTest::noneAbove100);

        assertThat(failure).hasValueSatisfying(f -> {
            assertThat(f.smallest()).hasSize(1);
            assertThat(f.smallest().getFirst()).isBetween(101, 199);
            assertThat(f.shrinkSteps()).isPositive();
        });
    }

    @Test
    void theSameSeedFindsTheSameCounterexample() {
        var first = property.check(new SplittableRandom(99), PropertyCheckTest::noneAbove100).orElseThrow();
        var again = property.check(new SplittableRandom(99), PropertyCheckTest::noneAbove100).orElseThrow();

        assertThat(again.original()).isEqualTo(first.original());
        assertThat(again.smallest()).isEqualTo(first.smallest());
    }

    @Test
    void aTruePropertyPassesEveryTrial() {
        assertThat(property.check(new SplittableRandom(5), list -> Optional.empty())).isEmpty();
    }
}
