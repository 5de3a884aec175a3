package dev.echotck.kit.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import dev.echotck.kit.target.TargetSetupException;
import dev.echotck.spec.RuleCatalog;

/**
 * Turns JUnit test events into per-rule verdicts. A failed assertion is FAIL (the server broke
 * the rule); an aborted check is SKIP with its reason; any other exception is ERROR (the kit
 * could not decide), except a target that never came up, which ends the run as a setup error.
 */
final class OutcomeCollector implements TestExecutionListener {

    private final RuleCatalog catalog;
    private final RunListener listener;
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, RuleOutcome> outcomes = new LinkedHashMap<>();
    private final Map<String, List<Figure>> figures = new ConcurrentHashMap<>();
    private volatile String setupError;

    OutcomeCollector(RuleCatalog catalog, RunListener listener) {
        this.catalog = catalog;
        this.listener = listener;
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        rule(test).ifPresent(id -> {
            started.put(test.getUniqueId(), System.nanoTime());
            listener.ruleStarted(id);
        });
    }

    /** A check's figures arrive as report entries before it finishes (see {@link FigureEntries}). */
    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        List<Figure> published = FigureEntries.decode(entry.getKeyValuePairs());
        if (!published.isEmpty()) {
            figures.computeIfAbsent(test.getUniqueId(), id -> new ArrayList<>()).addAll(published);
        }
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        rule(test).ifPresent(id -> record(id, Verdict.SKIP, reason, Duration.ZERO, List.of()));
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Optional<String> rule = rule(test);
        if (rule.isEmpty()) {
            return;
        }
        Long start = started.remove(test.getUniqueId());
        Duration took = Duration.ofNanos(start == null ? 0 : System.nanoTime() - start);
        Throwable thrown = setupFailureIn(result.getThrowable().orElse(null));
        Verdict verdict;
        String evidence = "";
        switch (result.getStatus()) {
            case SUCCESSFUL -> verdict = Verdict.PASS;
            case ABORTED -> {
                verdict = Verdict.SKIP;
                evidence = thrown == null ? "skipped" : thrown.getMessage();
            }
            default -> {
                if (thrown instanceof TargetSetupException setup) {
                    setupError = setup.getMessage();
                    verdict = Verdict.ERROR;
                    evidence = "the " + (catalog.get(rule.get()).family().checksClients() ? "client" : "server")
                            + " could not be started: " + setup.getMessage();
                } else if (thrown instanceof AssertionError) {
                    verdict = Verdict.FAIL;
                    evidence = thrown.getMessage();
                } else {
                    verdict = Verdict.ERROR;
                    evidence = "the kit could not complete this check: " + thrown
                            + (thrown != null && thrown.getStackTrace().length > 0 ? " at " + thrown.getStackTrace()[0] : "");
                }
            }
        }
        listener.ruleFinished(rule.get(), verdict, took.toMillis());
        List<Figure> drawn = figures.remove(test.getUniqueId());
        record(rule.get(), verdict, evidence, took, drawn == null ? List.of() : drawn);
    }

    private synchronized void record(String id, Verdict verdict, String evidence, Duration took, List<Figure> drawn) {
        outcomes.merge(id, new RuleOutcome(catalog.get(id), verdict, evidence, took, drawn), (a, b) -> new RuleOutcome(
                a.rule(), a.verdict().combine(b.verdict()), join(a.evidence(), b.evidence()), a.duration().plus(b.duration()),
                Stream.concat(a.figures().stream(), b.figures().stream()).toList()));
    }

    private static String join(String a, String b) {
        return a.isBlank() ? b : b.isBlank() ? a : a + "\n" + b;
    }

    /** JUnit wraps what a parameter resolver throws; a setup failure must be seen through that. */
    private static Throwable setupFailureIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof TargetSetupException) {
                return t;
            }
        }
        return thrown;
    }

    synchronized List<RuleOutcome> outcomes() {
        return outcomes.values().stream()
                .sorted((x, y) -> x.rule().family() != y.rule().family()
                        ? x.rule().family().compareTo(y.rule().family())
                        : Integer.compare(x.rule().number(), y.rule().number()))
                .toList();
    }

    Optional<String> setupError() {
        return Optional.ofNullable(setupError);
    }

    private static Optional<String> rule(TestIdentifier test) {
        if (!test.isTest()) {
            return Optional.empty();
        }
        return test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .flatMap(RuleSelection::ruleOf);
    }
}
