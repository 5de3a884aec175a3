package dev.echotck.races;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The race probes as part of the build ({@code ./mvnw verify}, after the jcstress jar is packaged):
 * every broken variant must show its race and every fixed variant, which calls the reference
 * servers' own code, must never. A fixed variant that fails means a reference server's shared
 * state is broken; a broken variant that stays clean means its probe no longer demonstrates the
 * bug it teaches.
 */
class RaceProbesIT {

    /** Topics 01 to 08; Topic 05 has two fixed variants. */
    static final int VARIANTS = 17;

    @Test
    void everyBrokenVariantShowsItsRaceAndNoFixedVariantDoes() throws Exception {
        Path jar = Path.of("target", "jcstress.jar");
        assertThat(jar).as("the jcstress jar, built by the package phase").exists();
        Path work = Path.of("target", "races-it");

        long start = System.nanoTime();
        List<Verdict> verdicts = RaceCheck.run(jar, work, "dev\\.echotck\\.races\\.Topic_");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        RaceCheck.printTable(verdicts, System.out);
        System.out.printf("race probes: %d variants in %d s (log: %s)%n", verdicts.size(), took.toSeconds(),
                work.resolve("jcstress.log"));
        assertThat(verdicts).as("one verdict per probe variant").hasSize(VARIANTS);
        assertThat(verdicts).filteredOn(Verdict::isBroken).hasSize(8);
        assertThat(verdicts)
                .as("variants that did not do as expected (log: %s)", work.resolve("jcstress.log"))
                .filteredOn(v -> !v.asExpected())
                .isEmpty();
        assertThat(Files.exists(work.resolve("results").resolve("index.html"))).as("jcstress's HTML report").isTrue();
    }
}
