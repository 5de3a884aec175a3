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
 * The HYG checks against servers whose hygiene is known: the blocking reference passes every one,
 * and a server the kit did not launch gets SKIP, never PASS. The mutants, Java and C (zombies and
 * per-client children need a real fork: c-no-reap, c-child-never-exits, c-parent-keeps-connfd,
 * c-no-detach), are covered by MutationScoreTest.
 */
class HygieneRulesTest {

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


}
