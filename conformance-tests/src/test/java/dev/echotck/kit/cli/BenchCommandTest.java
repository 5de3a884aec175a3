package dev.echotck.kit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.echotck.kit.target.NativeMutants;

/**
 * {@code echotck bench} end to end, with runs of a fraction of a second: the numbers it prints
 * are not checked (speed is no test's business), what they mean is: something was measured,
 * every byte was verified, a wrong server is reported wrong, runs of a comparison alternate.
 */
class BenchCommandTest {

    private static final String[] SHORT = {"--warmup", "0.2s", "--connections", "4"};

    /** A bench of half a second (unless args say otherwise) that writes its reports into {@code report}. */
    private static CliRun bench(Path report, String... args) {
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        if (!all.contains("--duration")) {
            all.addAll(List.of("--duration", "0.5s"));
        }
        all.addAll(List.of(SHORT));
        all.addAll(List.of("--report", report.toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static JsonNode json(Path report) throws Exception {
        return new ObjectMapper().readTree(report.resolve("bench.json").toFile());
    }

    @Test
    void pingpongAgainstTheBlockingReferenceMeasuresSomethingAndEveryByteWasRight(@TempDir Path report) throws Exception {
        CliRun run = bench(report, "--reference", "blocking", "--duration", "1s");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("echotck bench: pingpong, 4 connections, 64 B messages").contains("msgs/s");
        JsonNode json = json(report);
        JsonNode measured = json.get("runs").get(0);
        assertThat(measured.get("ops").asLong()).isPositive();
        assertThat(measured.get("failedConnections").asInt()).isZero();
        assertThat(measured.get("stalledConnections").asInt()).isZero();
        assertThat(measured.get("clean").asBoolean()).isTrue();
        assertThat(measured.get("latencyUs").get("p99").asDouble()).isPositive();
        assertThat(measured.get("cpuCores").get("server").isNumber()).as("the server's CPU is sampled").isTrue();
        assertThat(json.get("summary").get(0).get("throughput").asDouble()).isPositive();

        String html = Files.readString(report.resolve("bench.html"));
        assertThat(html).contains("<svg").contains("blocking").doesNotContain("<script").doesNotContain("src=")
                .doesNotContain("@import").doesNotContain("<link");
    }

    @Test
    void aMutantThatCorruptsBytesIsReportedWrongNotFast(@TempDir Path report) throws Exception {
        CliRun run = bench(report, "--mutant", "text-round-trip");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("WRONG").contains("wrong bytes").contains("expected");
        JsonNode summary = json(report).get("summary").get(0);
        assertThat(summary.get("clean").asBoolean()).isFalse();
        assertThat(summary.get("problems").toString()).contains("4 of 4 connections got wrong bytes");
    }

    @Test
    void compareAlternatesTheTargetsRoundByRoundAndGivesRatiosAgainstTheFirst(@TempDir Path report) throws Exception {
        assumeTrue(NativeMutants.canBuild(), "the C baseline needs gcc");
        CliRun run = CliRun.of("bench", "--compare", "blocking,c-baseline", "--rounds", "2", "--duration", "0.3s",
                "--warmup", "0.1s", "--connections", "2", "--report", report.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        List<String> order = new ArrayList<>();
        json(report).get("runs").forEach(r -> order.add(r.get("round").asInt() + ":" + r.get("target").asText()));
        assertThat(order).containsExactly("1:blocking", "1:c-baseline", "2:blocking", "2:c-baseline");
        JsonNode summary = json(report).get("summary");
        assertThat(summary.get(0).get("ratio").asDouble()).isEqualTo(1.0);
        assertThat(summary.get(1).get("ratio").asDouble()).isPositive();
        assertThat(run.out()).contains("vs blocking");
    }

    @Test
    void theCBaselineEchoesStreamsAndConnectionsAndTheCGeneratorChecksItsBytesToo(@TempDir Path report) throws Exception {
        assumeTrue(NativeMutants.canBuild(), "the C baseline and generator need gcc");
        CliRun stream = bench(report, "--baseline", "--mode", "stream", "--generator", "nio,c");
        assertThat(stream.exitCode()).as(stream.out() + stream.err()).isZero();
        JsonNode runs = json(report).get("runs");
        assertThat(runs).hasSize(2);
        runs.forEach(r -> assertThat(r.get("bytes").asLong()).as(r.toString()).isPositive());
        assertThat(runs.get(1).get("generator").asText()).isEqualTo("c");

        CliRun connect = bench(report, "--baseline", "--mode", "connect");
        assertThat(connect.exitCode()).as(connect.out() + connect.err()).isZero();
        assertThat(connect.out()).contains("conns/s");
        assertThat(json(report).get("runs").get(0).get("ops").asLong()).isPositive();
    }

    @Test
    void theCGeneratorReportsAWrongServerAsWrong(@TempDir Path report) throws Exception {
        assumeTrue(NativeMutants.canBuild(), "the C generator needs gcc");
        CliRun run = bench(report, "--mutant", "text-round-trip", "--generator", "c");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("WRONG").contains("wrong byte");
    }

    @Test
    void idleModeCountsAThreadPerConnectionForBlockingAndNoneForTheSelector(@TempDir Path report) throws Exception {
        CliRun run = CliRun.of("bench", "--compare", "blocking,selector", "--mode", "idle", "--connections", "20",
                "--rounds", "1", "--report", report.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("echotck bench: idle, 20 connections").contains("mem/conn (PSS)").contains("20/20 served");
        JsonNode summary = json(report).get("summary");
        JsonNode blocking = summary.get(0);
        JsonNode selector = summary.get(1);
        assertThat(blocking.get("clean").asBoolean()).isTrue();
        assertThat(blocking.get("pssBytesPerConnection").asLong()).as("a thread's stack and objects").isPositive();
        assertThat(blocking.get("threadsPerConnection").asDouble()).as("a platform thread per client").isBetween(0.8, 1.3);
        assertThat(blocking.get("processesPerConnection").asDouble()).isZero();
        assertThat(blocking.get("threadsAfter").asInt() - blocking.get("threadsBefore").asInt()).isBetween(16, 26);
        assertThat(selector.get("clean").asBoolean()).isTrue();
        assertThat(selector.get("threadsPerConnection").asDouble()).as("an event loop holds connections, not threads").isLessThan(0.3);
        JsonNode measured = json(report).get("runs").get(0);
        assertThat(measured.get("served").asInt()).isEqualTo(20);
        assertThat(measured.get("turnedAway").asInt()).isZero();
        assertThat(measured.get("after").get("pssBytes").asLong()).isGreaterThan(measured.get("before").get("pssBytes").asLong());
        assertThat(Files.readString(report.resolve("bench.html"))).contains("<svg").contains("selector").doesNotContain("<script");
    }

    @Test
    void usageErrorsAreOneLineWithExitStatus2() {
        assertUsageError(CliRun.of("bench", "--reference", "blocking", "--mode", "idle", "--connections", "0"),
                "--connections must be at least 1, got 0");
        assertUsageError(CliRun.of("bench", "--connect", "127.0.0.1:7", "--mode", "idle"), "needs a server the kit starts");
        assertUsageError(CliRun.of("bench", "--compare", "blocking,nope"), "'nope' is not a target");
        assertUsageError(CliRun.of("bench", "--reference", "blocking", "--mode", "nope"), "no bench mode 'nope'");
        assertUsageError(CliRun.of("bench", "--baseline", "--mode", "connect", "--generator", "c"), "pingpong and stream");
        assertUsageError(CliRun.of("bench", "--reference", "nope"), "no reference server 'nope'");
        assertUsageError(CliRun.of("bench", "--reference", "blocking", "--duration", "soon"), "--duration takes a time");
        assertUsageError(CliRun.of("bench"), "Missing required argument");
    }

    private static void assertUsageError(CliRun run, String expected) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(expected).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
