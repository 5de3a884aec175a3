package dev.echotck.kit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.echotck.kit.target.NativeMutants;
import dev.echotck.kit.target.TargetSpec;
import dev.echotck.spec.Profile;

/**
 * The C servers the C mutants are made from pass every rule of the full profile when compiled
 * without a bug macro: a C mutant's failures are then its bug's, not the model's. Each is run the
 * way a user's server is, as {@code --exec "BINARY {port}"}.
 */
class NativeReferenceServersPassTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"forked_echo.c", "threaded_echo.c"})
    void correctCServerPassesEveryRule(String source) {
        assumeTrue(NativeMutants.canBuild(), "the C servers need gcc");
        Path binary = NativeMutants.correctServer(source);

        RunResult result = new KitRunner().run(new KitRunner.Request(new TargetSpec.Exec(binary + " {port}"),
                RuleSelection.of(Profile.FULL, null, null), 11L, 1.0, true), RunListener.SILENT);

        assertThat(result.setupError()).as("setup of %s", source).isEmpty();
        assertThat(result.outcomes()).as("rules run against %s", source).isNotEmpty();
        List<String> notPassed = result.outcomes().stream()
                .filter(o -> o.verdict() != Verdict.PASS)
                .map(o -> o.rule().id() + "=" + o.verdict() + ": " + o.evidence())
                .toList();
        assertThat(notPassed).as("rules %s did not pass", source).isEmpty();
    }
}
