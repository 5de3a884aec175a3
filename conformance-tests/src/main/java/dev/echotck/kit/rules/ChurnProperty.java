package dev.echotck.kit.rules;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.echotck.kit.check.PropertyCheck;
import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.rules.ChurnSchedule.Step;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * CONC-4 as a property: for every interleaving of clients connecting, writing, half-closing and
 * leaving, each client that reads gets exactly its own stream back. The driver never waits for an
 * echo between steps (every reader reads on its own thread), so a server that serves clients one
 * after another still passes: this rule is about isolation, CONC-1 and CONC-2 about waiting.
 *
 * <p>The bug it exists for is seed 000's {@code pthread_create(..., &client_fd)}: the handler reads
 * the descriptor after the accept loop has overwritten it. When two clients connect close together,
 * two threads serve one connection and the other is never served (a lost client); when a descriptor
 * is closed and reused, a thread writes one client's bytes to another (cross-talk).
 */
final class ChurnProperty {

    static final int TRIALS = 20;
    /**
     * Shrinking re-runs failing schedules, and a failing one lasts at least BurstProgress.QUIET: a
     * lost client is known only once the server has stopped answering the trial's clients.
     */
    private static final Duration SHRINK_BUDGET = Duration.ofSeconds(20);
    private static final String CAUSE = "\nLikely cause: ";

    private final ServerUnderTest server;
    private final RuleContext rule;

    ChurnProperty(ServerUnderTest server, RuleContext rule) {
        this.server = server;
        this.rule = rule;
    }

    void check() {
        PropertyCheck<ChurnSchedule> property = new PropertyCheck<>(ChurnSchedule::generate, ChurnSchedule::shrink,
                TRIALS, rule.timeouts().within(SHRINK_BUDGET));
        property.check(rule.random(), this::trial).ifPresent(failure -> {
            String what = failure.failure();
            int at = what.lastIndexOf(CAUSE);
            String happened = at < 0 ? what : what.substring(0, at);
            String cause = at < 0 ? "see what happened above" : what.substring(at + CAUSE.length());
            throw RuleViolation.because("under churn, a client did not get exactly its own stream back (trial "
                            + failure.trial() + " of " + failure.trials() + ", seed " + rule.seed() + ")")
                    .evidence("smallest failing schedule (" + failure.shrinkSteps() + " shrink steps): " + failure.smallest())
                    .evidence("what happened (clients are numbered in connect order):\n    "
                            + happened.replace("\n", "\n    "))
                    .evidence("first failing schedule: " + failure.original())
                    .evidence("replay: --only CONC-4 --seed " + rule.seed())
                    .likelyCause(cause)
                    .build();
        });
    }

    /** Runs one schedule; empty when every reader got its own stream, else what happened and a likely cause. */
    private Optional<String> trial(ChurnSchedule schedule) throws InterruptedException {
        Timeouts t = rule.timeouts();
        Map<Integer, EchoClient> clients = new HashMap<>();
        Map<Integer, Future<ReadResult>> readers = new LinkedHashMap<>();
        OwnBytes verdict = new OwnBytes();
        // A reader waits while the server keeps answering some client of the trial, as in CONC-1 and
        // CONC-5: a server that starts a JVM per client answers a trial's first client seconds late on
        // a busy machine (a fixed 2 s failed it at load 30), and a lost client stays unanswered.
        BurstProgress progress = BurstProgress.startingNow(t);
        try (ExecutorService readerThreads = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                for (Step step : schedule.steps()) {
                    perform(step, schedule, clients, readers, readerThreads, verdict, progress, t);
                }
                for (Map.Entry<Integer, Future<ReadResult>> reader : readers.entrySet()) {
                    int c = reader.getKey();
                    verdict.record(c, schedule.expected(c), await(reader.getValue(), t));
                }
            } finally {
                clients.values().forEach(EchoClient::close);
            }
        } catch (RuleViolation cannotConnect) {
            return Optional.of(cannotConnect.getMessage());
        }
        if (verdict.allOwn()) {
            return Optional.empty();
        }
        return Optional.of(String.join("\n", verdict.evidence(BurstProgress.describeQuiet(t, "trial")))
                + CAUSE + verdict.likelyCause(server, true));
    }

    private void perform(Step step, ChurnSchedule schedule, Map<Integer, EchoClient> clients,
                         Map<Integer, Future<ReadResult>> readers, ExecutorService readerThreads, OwnBytes verdict,
                         BurstProgress progress, Timeouts t) throws InterruptedException {
        int c = step.client();
        EchoClient client = clients.get(c);
        try {
            switch (step.kind()) {
                case CONNECT -> {
                    EchoClient connected = EchoClient.connect(server, t.within(ConcurrencyRules.CONNECT));
                    clients.put(c, connected);
                    if (schedule.reads(c)) {
                        int length = schedule.expected(c).length;
                        readers.put(c, readerThreads.submit(() -> progress.read(connected, length)));
                    }
                }
                case WRITE -> client.write(schedule.bytesOf(step), t.within(ConcurrencyRules.EXCHANGE));
                case HALF_CLOSE -> client.shutdownOutput();
                case LEAVE -> client.close();
                case PAUSE -> Thread.sleep(1);
            }
        } catch (IOException e) {
            // the reader reports what this client got; a leaver's failure is no concern of the rule
            if (schedule.reads(c)) {
                verdict.recordFailure(c, "a step failed (" + step + ": " + e.getMessage() + ")");
                readers.remove(c);
            }
        }
    }

    private ReadResult await(Future<ReadResult> reader, Timeouts t) throws InterruptedException {
        try {
            return reader.get(t.within(BurstProgress.ALL_SERVED).toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a reader of the kit failed: " + e, e);
        }
    }
}
