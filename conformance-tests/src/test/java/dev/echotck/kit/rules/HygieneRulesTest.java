package dev.echotck.kit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.echotck.kit.engine.KitRunner;
import dev.echotck.kit.engine.RuleOutcome;
import dev.echotck.kit.engine.RuleSelection;
import dev.echotck.kit.engine.RunListener;
import dev.echotck.kit.engine.RunResult;
import dev.echotck.kit.engine.Verdict;
import dev.echotck.kit.target.TargetSpec;
import dev.echotck.reference.BlockingEchoServer;
import dev.echotck.reference.ServerOptions;
import dev.echotck.spec.Profile;

/**
 * The HYG checks against servers whose hygiene is known: the blocking reference passes every one;
 * tiny C servers, each correct but for one bug, fail exactly the rules that bug breaks (C, because
 * zombies and per-client children need a real fork, which Java cannot do); and a server the kit did
 * not launch gets SKIP, never PASS. The Java mutants are covered by MutationScoreTest.
 */
class HygieneRulesTest {

    private static final Path GCC = Path.of("/usr/bin/gcc");

    @TempDir
    static Path binaries;

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("tiny_forked_echo.c", "", Map.of()),
                Arguments.of("tiny_forked_echo.c", "FIXTURE_NO_REAP", Map.of(
                        "HYG-1", "default action (no handler: nothing reaps the children)")),
                Arguments.of("tiny_forked_echo.c", "FIXTURE_CHILD_NEVER_EXITS", Map.of(
                        "HYG-6", "child processes started for clients are still running",
                        "HYG-2", "held by processes started since")),
                Arguments.of("tiny_forked_echo.c", "FIXTURE_PARENT_KEEPS_CONNFD", Map.of(
                        "HYG-2", "the parent keeps its copy of each connected socket")),
                Arguments.of("tiny_threaded_echo.c", "", Map.of()),
                Arguments.of("tiny_threaded_echo.c", "FIXTURE_NO_DETACH", Map.of(
                        "HYG-4", "virtual size grew")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixtures")
    void aFixtureFailsExactlyTheRulesItsBugBreaks(String source, String bug, Map<String, String> failures)
            throws Exception {
        assumeTrue(Files.isExecutable(GCC), "the C fixtures need gcc");
        Path binary = compile(source, bug);

        RunResult result = runHygiene(new TargetSpec.Exec(binary + " {port}"));

        assertThat(notPassed(result)).as("HYG rules that did not pass for %s %s", source, bug)
                .isEqualTo(new TreeMap<>(failures.keySet().stream()
                        .collect(Collectors.toMap(id -> id, id -> Verdict.FAIL))));
        failures.forEach((rule, evidence) -> assertThat(result.outcome(rule).orElseThrow().evidence())
                .as("evidence of %s", rule).contains(evidence));
    }

    @Test
    void theBlockingReferencePassesEveryHygieneRule() {
        RunResult result = runHygiene(new TargetSpec.Reference("blocking"));

        assertThat(result.outcomes()).hasSize(6).allSatisfy(o -> assertThat(o.verdict()).as(o.rule().id())
                .isEqualTo(Verdict.PASS));
    }

    @Test
    void aServerTheKitDidNotLaunchIsSkippedNotPassed() throws Exception {
        BlockingEchoServer server = new BlockingEchoServer(ServerOptions.loopback(0));
        server.bind();
        Thread serving = Thread.ofPlatform().start(() -> {
            try {
                server.serve();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            RunResult result = runHygiene(new TargetSpec.Connect("127.0.0.1", server.address().getPort()));

            assertThat(result.outcomes()).hasSize(6).allSatisfy(o -> {
                assertThat(o.verdict()).as(o.rule().id()).isEqualTo(Verdict.SKIP);
                assertThat(o.evidence()).contains("skipped for --connect");
            });
        } finally {
            server.stop();
            serving.join(10_000);
        }
    }

    private static RunResult runHygiene(TargetSpec target) {
        return new KitRunner().run(new KitRunner.Request(target, RuleSelection.of(Profile.FULL, "HYG", null), 5L, 1.0,
                true), RunListener.SILENT);
    }

    private static Map<String, Verdict> notPassed(RunResult result) {
        return result.outcomes().stream().filter(o -> o.verdict() != Verdict.PASS)
                .collect(Collectors.toMap(o -> o.rule().id(), RuleOutcome::verdict, (a, b) -> a, TreeMap::new));
    }

    private static Path compile(String source, String bug) throws IOException, InterruptedException {
        Path c = binaries.resolve(source);
        if (!Files.exists(c)) {
            try (InputStream in = HygieneRulesTest.class.getResourceAsStream(source)) {
                Files.write(c, in.readAllBytes());
            }
        }
        Path binary = binaries.resolve(source.replace(".c", bug.isEmpty() ? "" : "-" + bug));
        List<String> gcc = new ArrayList<>(List.of(GCC.toString(), "-O2", "-pthread", "-o", binary.toString()));
        if (!bug.isEmpty()) {
            gcc.add("-D" + bug);
        }
        gcc.add(c.toString());
        Process process = new ProcessBuilder(gcc).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0).as("gcc: " + output).isTrue();
        return binary;
    }
}
