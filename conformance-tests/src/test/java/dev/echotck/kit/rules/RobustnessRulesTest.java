package dev.echotck.kit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.echotck.kit.engine.KitRunner;
import dev.echotck.kit.engine.RuleOutcome;
import dev.echotck.kit.engine.RuleSelection;
import dev.echotck.kit.engine.RunListener;
import dev.echotck.kit.engine.RunResult;
import dev.echotck.kit.engine.Verdict;
import dev.echotck.kit.target.TargetSpec;
import dev.echotck.spec.Profile;

/**
 * The ROB checks against servers whose verdict is known: the blocking reference passes them all,
 * and small C servers die of what seed 001 warns about, SIGPIPE (ROB-2) and EINTR (ROB-3). The
 * Java mutants cannot die of either (the JVM ignores SIGPIPE and restarts its own calls), so these
 * fixtures and C mutants prove that the checks catch a native death, report its signal or its
 * message, and say which of ROB-2's clients or ROB-3's storms it was.
 */
class RobustnessRulesTest {

    @TempDir
    static Path binaries;

    @Test
    void aServerThatWritesWithoutIgnoringSigpipeFailsRob2WithTheSignalAsEvidence() throws Exception {
        Path server = compile("sigpipe_server");
        RunResult result = run(new TargetSpec.Exec(server + " {port}"), "ROB-1,ROB-2,ROB-3");

        assertThat(verdicts(result)).isEqualTo(
                Map.of("ROB-1", Verdict.PASS, "ROB-2", Verdict.FAIL, "ROB-3", Verdict.PASS));
        assertThat(evidence(result, "ROB-2")).contains("the server died", "killed by SIGPIPE", "ignore SIGPIPE");
    }

    @Test
    void aServerThatStopsAtTheFirstFailedWriteStillDiesOfSigpipeWhenTheClientHalfClosedFirst() {
        // c-sigpipe does not ignore SIGPIPE but stops at its first failed write: the plain close's
        // reset makes that write fail with ECONNRESET, which raises nothing; only the reset that
        // reaches its socket in CLOSE_WAIT makes it EPIPE.
        RunResult result = run(new TargetSpec.Mutant("c-sigpipe"), "ROB-2");

        assertThat(verdicts(result)).isEqualTo(Map.of("ROB-2", Verdict.FAIL));
        assertThat(evidence(result, "ROB-2")).contains("the server died after a client wrote",
                "half-closed", "killed by SIGPIPE", "CLOSE_WAIT", "send buffer full", "ignore SIGPIPE");
    }

    @Test
    void aServerWhoseAcceptLoopDiesOnEintrFailsRob3WithItsMessageAsEvidence() throws Exception {
        Path server = compile("eintr_server");
        RunResult result = run(new TargetSpec.Exec(server + " {port}"), "ROB-1,ROB-2,ROB-3");

        assertThat(verdicts(result)).isEqualTo(
                Map.of("ROB-1", Verdict.PASS, "ROB-2", Verdict.PASS, "ROB-3", Verdict.FAIL));
        assertThat(evidence(result, "ROB-3")).contains("the server died", "exited with status 1",
                "accept: Interrupted system call", "SA_RESTART", "to the server's pid");
    }

    @Test
    void aForkingServerWhoseChildrenGiveUpOnEintrFailsRob3AfterTheSignalsToItsGroup() {
        // c-eintr-fatal's parent retries EINTR, so signals to its pid are harmless; its children
        // inherit the SIGCHLD handler (no SA_RESTART) and end the connection when a read fails.
        RunResult result = run(new TargetSpec.Mutant("c-eintr-fatal"), "ROB-3");

        assertThat(verdicts(result)).isEqualTo(Map.of("ROB-3", Verdict.FAIL));
        assertThat(evidence(result, "ROB-3")).contains("no echo for client A", "to the server's process group",
                "end of stream", "SA_RESTART");
    }

    private static RunResult run(TargetSpec target, String only) {
        return new KitRunner().run(new KitRunner.Request(target, RuleSelection.of(Profile.FULL, only, null), 11L, 1.0,
                true), RunListener.SILENT);
    }

    private static Map<String, Verdict> verdicts(RunResult result) {
        Map<String, Verdict> verdicts = new TreeMap<>();
        result.outcomes().forEach(o -> verdicts.put(o.rule().id(), o.verdict()));
        return verdicts;
    }

    private static String evidence(RunResult result, String rule) {
        return result.outcome(rule).map(RuleOutcome::evidence).orElse("");
    }

    /** Compiles a fixture from this package's test resources with the machine's gcc. */
    private static Path compile(String name) throws IOException, InterruptedException {
        Path gcc = Path.of("/usr/bin/gcc");
        assumeTrue(Files.isExecutable(gcc), "the C fixtures need gcc");
        Path source = binaries.resolve(name + ".c");
        try (InputStream in = RobustnessRulesTest.class.getResourceAsStream(name + ".c")) {
            Files.copy(in, source);
        }
        Path binary = binaries.resolve(name);
        Process build = new ProcessBuilder(gcc.toString(), "-O2", "-std=gnu11", "-pthread", "-o", binary.toString(),
                source.toString()).redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes());
        assertThat(build.waitFor(60, TimeUnit.SECONDS)).as("gcc finished").isTrue();
        assertThat(build.exitValue()).as("gcc output: %s", output).isZero();
        return binary;
    }
}
