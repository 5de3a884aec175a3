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
    void reportWithoutASubcommandOrWithoutReportsIsAUsageError() {
        assertOneLineUsageError(CliRun.of("report"), "which report command? (merge)");
        assertOneLineUsageError(CliRun.of("report", "merge", "/no-such-report-dir"), "no report.json in /no-such-report-dir");
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

    @Test
    void runClientWithoutAClientIsAUsageError() {
        assertOneLineUsageError(CliRun.of("run-client"), "Missing required argument");
    }

    @Test
    void aServerRuleInARunClientIsAUsageErrorThatNamesTheRightCommand() {
        assertOneLineUsageError(CliRun.of("run-client", "--reference", "java", "--only", "ECHO-1"),
                "ECHO-1 checks a server: run it with echotck run");
    }

    @Test
    void aClientRuleInARunIsAUsageErrorThatNamesTheRightCommand() {
        assertOneLineUsageError(CliRun.of("run", "--reference", "blocking", "--only", "CLIENT"),
                "CLIENT checks a client: run it with echotck run-client");
    }

    @Test
    void theClientProfileBelongsToRunClient() {
        assertOneLineUsageError(CliRun.of("run", "--reference", "blocking", "--profile", "client"),
                "the profile 'client' checks a client: use echotck run-client");
    }

    @Test
    void aClientMutantIsNotAServer() {
        assertOneLineUsageError(CliRun.of("run", "--mutant", "client-never-woken"),
                "'client-never-woken' is a client mutant: check it with echotck run-client");
    }

    @Test
    void aServerMutantIsNotAClient() {
        assertOneLineUsageError(CliRun.of("run-client", "--mutant", "read-once-close"),
                "'read-once-close' is a server mutant");
    }

    @Test
    void aClientCommandNeedsThePortPlaceholder() {
        assertOneLineUsageError(CliRun.of("run-client", "--exec", "nc localhost 7"), "must contain {port}");
    }

    @Test
    void aClientThatExitsBeforeConnectingIsASetupErrorWithItsStderr() {
        CliRun run = CliRun.of("run-client", "--exec", "ls /no-such-dir-{host}-{port}");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("echotck: the client could not be started: the client exited with status 2 "
                + "before it connected").contains("No such file or directory");
    }

    @Test
    void theReferenceClientSaysInOneLineThatNothingListens() {
        CliRun run = CliRun.of("client", "127.0.0.1", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("client: cannot connect to 127.0.0.1:1: Connection refused\n");
        assertThat(run.out()).isEmpty();
    }
}
