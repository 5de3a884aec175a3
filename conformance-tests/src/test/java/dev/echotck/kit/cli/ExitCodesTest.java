package dev.echotck.kit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad input gets one line and exit status 2, never a stack trace. */
class ExitCodesTest {

    private static void assertOneLineUsageError(CliRun run, String expected) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(expected).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.err().lines().filter(l -> l.startsWith("echotck:"))).hasSize(1);
    }

    @Test
    void runWithoutAServerIsAUsageError() {
        assertOneLineUsageError(CliRun.of("run"), "Missing required argument");
    }

    @Test
    void unknownRuleIsAUsageError() {
        assertOneLineUsageError(CliRun.of("run", "--reference", "blocking", "--only", "ECHO-99"), "no rule or family named ECHO-99");
    }

    @Test
    void unknownReferenceServerIsAUsageError() {
        assertOneLineUsageError(CliRun.of("run", "--reference", "nope"), "no reference server 'nope'");
    }

    @Test
    void nonLoopbackTargetIsRefused() {
        assertOneLineUsageError(CliRun.of("run", "--connect", "192.168.1.1:7"), "not a loopback address");
    }

    @Test
    void racesWithoutTheProbesJarIsAUsageError() {
        assertOneLineUsageError(CliRun.of("races", "--jar", "no/such/jcstress.jar"), "the race probes are not built");
    }

    @Test
    void negativeTimeoutScaleIsAUsageError() {
        assertOneLineUsageError(CliRun.of("run", "--reference", "blocking", "--timeout-scale", "-1"), "--timeout-scale");
    }

    @Test
    void aServerThatExitsAtOnceIsASetupErrorWithItsStderr() {
        CliRun run = CliRun.of("run", "--exec", "ls /no-such-dir-{port}");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("exited with status 2 before it accepted a connection")
                .contains("No such file or directory");
    }

    @Test
    void nothingListeningAtConnectIsASetupError() {
        CliRun run = CliRun.of("run", "--connect", "127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nothing accepts connections at 127.0.0.1:1");
    }

    @Test
    void explainPrintsTheRuleItsReasonsAndTheMutantsThatFailIt() {
        CliRun run = CliRun.of("explain", "ECHO-5");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("ECHO-5 (MUST) Half-close").contains("Why it matters").contains("If this fails, check")
                .contains("no-eof-after-half-close");
    }
}
