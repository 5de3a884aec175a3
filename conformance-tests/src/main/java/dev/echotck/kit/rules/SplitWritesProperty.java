package dev.echotck.kit.rules;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.echotck.kit.check.EchoExpectation;
import dev.echotck.kit.check.PropertyCheck;
import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.target.ServerUnderTest;

/** ECHO-2 as a property: for every way of splitting a payload into writes, the echo is the payload. */
final class SplitWritesProperty {

    static final int TRIALS = 30;
    /** At most this many 1 ms pauses per trial: enough to part segments, cheap enough to run 30 trials. */
    private static final int MAX_PAUSES = 20;
    private static final Duration TRIAL_BOUND = Duration.ofSeconds(10);
    /** A trial whose echo has stopped for this long has failed; shrinking need not wait out the bound. */
    private static final Duration STALL = Duration.ofMillis(1500);

    private final ServerUnderTest server;
    private final RuleContext rule;

    SplitWritesProperty(ServerUnderTest server, RuleContext rule) {
        this.server = server;
        this.rule = rule;
    }

    void check() {
        int[] trial = {0};
        PropertyCheck<SplitWrites> property = new PropertyCheck<>(
                random -> SplitWrites.generate(random, trial[0]++ == 0), SplitWrites::shrink, TRIALS,
                rule.timeouts().within(Duration.ofSeconds(10)));
        SplittableRandom random = rule.random();
        property.check(random, this::trial).ifPresent(failure -> {
            Optional<String> asOneWrite = failure.smallest().writes().length > 1
                    ? attempt(failure.smallest().asOneWrite()) : Optional.of(failure.failure());
            String cause = asOneWrite.isPresent()
                    ? "it fails even when the bytes are sent in one write, so the server changes the data itself: "
                            + innerCause(failure.failure())
                    : "the same bytes pass when sent in one write: your server assumes one read is one message, or "
                            + "echoes only part of what a read returned; echo every read's bytes as they come";
            throw RuleViolation.because("the echo depends on how the writes were split (trial " + failure.trial()
                            + " of " + failure.trials() + ", seed " + rule.seed() + ")")
                    .evidence("smallest failing case (" + failure.shrinkSteps() + " shrink steps): " + failure.smallest())
                    .evidence("what happened: " + failure.failure().replace("\n", "\n    "))
                    .evidence("first failing case: " + failure.original())
                    .evidence("replay: --only ECHO-2 --seed " + rule.seed())
                    .likelyCause(cause)
                    .build();
        });
    }

    private static String innerCause(String failure) {
        int at = failure.lastIndexOf("Likely cause: ");
        return at < 0 ? "see what happened above" : failure.substring(at + "Likely cause: ".length()).strip();
    }

    private Optional<String> attempt(SplitWrites c) {
        try {
            return trial(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (Exception e) {
            return Optional.of(e.toString());
        }
    }

    private Optional<String> trial(SplitWrites c) throws Exception {
        Timeouts t = rule.timeouts();
        try (EchoClient client = EchoClient.connect(server, t.within(EchoRules.CONNECT))) {
            CompletableFuture<ReadResult> reader = CompletableFuture.supplyAsync(
                    () -> client.read(c.payload().length, t.within(TRIAL_BOUND), t.within(STALL)),
                    Thread::startVirtualThread);
            int pauseEvery = Math.max(1, c.writes().length / MAX_PAUSES);
            for (int i = 0, offset = 0; i < c.writes().length; offset += c.writes()[i], i++) {
                client.write(c.payload(), offset, c.writes()[i], t.within(TRIAL_BOUND));
                if (i % pauseEvery == 0 && i < c.writes().length - 1) {
                    Thread.sleep(1);
                }
            }
            ReadResult got = reader.get(t.within(TRIAL_BOUND).toMillis() + 1000, TimeUnit.MILLISECONDS);
            EchoExpectation.assertEchoed("the payload", c.payload(), got, t.describe(TRIAL_BOUND), server);
            return Optional.empty();
        } catch (RuleViolation v) {
            return Optional.of(v.getMessage());
        } catch (ExecutionException | TimeoutException e) {
            return Optional.of("the reader failed: " + e);
        }
    }
}
