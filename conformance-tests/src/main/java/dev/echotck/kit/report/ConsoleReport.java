package dev.echotck.kit.report;

import java.io.PrintStream;
import java.util.List;

import dev.echotck.kit.engine.RuleOutcome;
import dev.echotck.kit.engine.RunListener;
import dev.echotck.kit.engine.RunResult;
import dev.echotck.kit.engine.Verdict;
import dev.echotck.spec.Rule;
import dev.echotck.spec.RuleCatalog;

/**
 * The console output: a line per rule as it finishes, then the summary first (users of other
 * kits asked for it not to be buried), then each failure with its evidence and the rule's hints,
 * and last the line {@code N passed, N failed, N skipped}.
 */
public final class ConsoleReport implements RunListener {

    private final PrintStream out;
    private final RuleCatalog catalog = RuleCatalog.standard();

    public ConsoleReport(PrintStream out) {
        this.out = out;
    }

    public void header(String target, long seed, double scale) {
        out.println("echotck: testing " + target + " (seed " + seed + ", timeout scale " + scale + ")");
    }

    @Override
    public void ruleFinished(String ruleId, Verdict verdict, long millis) {
        out.printf("  %-5s %-8s %7s  %s%n", verdict, ruleId, seconds(millis), catalog.get(ruleId).title());
        out.flush();
    }

    public void summary(RunResult result) {
        out.println();
        out.println("Summary (" + result.target() + ", seed " + result.seed() + ", " + seconds(result.duration().toMillis())
                + "):");
        for (RuleOutcome o : result.outcomes()) {
            out.printf("  %-8s %-6s %-5s %7s  %s%n", o.rule().id(), o.rule().level(), o.verdict(),
                    seconds(o.duration().toMillis()), o.rule().title());
            if (o.verdict() == Verdict.SKIP) {
                out.println("           skipped: " + o.evidence().lines().findFirst().orElse("no reason given"));
            }
        }
        List<RuleOutcome> problems = result.outcomes().stream()
                .filter(o -> o.verdict() == Verdict.FAIL || o.verdict() == Verdict.ERROR).toList();
        for (RuleOutcome o : problems) {
            printFailure(o, result);
        }
        result.setupError().ifPresent(error -> {
            out.println();
            out.println("echotck: the " + result.subject() + " could not be started: " + error);
        });
        out.println();
        if (result.uncountedShouldFailures() > 0) {
            out.println("(" + result.uncountedShouldFailures() + " SHOULD rule(s) failed; they fail the run only with --strict)");
        }
        out.println(result.count(Verdict.PASS) + " passed, "
                + (result.count(Verdict.FAIL) + result.count(Verdict.ERROR)) + " failed, "
                + result.count(Verdict.SKIP) + " skipped");
    }

    private void printFailure(RuleOutcome o, RunResult result) {
        Rule rule = o.rule();
        out.println();
        out.println("--- " + rule.id() + " (" + rule.level() + ") " + o.verdict() + ": " + rule.title());
        out.println("Requirement: " + firstParagraph(rule.statement()));
        out.println(o.evidence().indent(2).stripTrailing());
        out.println("If this fails, check:");
        rule.hints().forEach(h -> out.println("  - " + h));
        out.println("Rerun just this rule: " + result.rerunCommand(rule.id()));
    }

    static String firstParagraph(String text) {
        int blank = text.indexOf("\n\n");
        return (blank < 0 ? text : text.substring(0, blank)).replace('\n', ' ');
    }

    static String seconds(long millis) {
        return String.format("%.2f s", millis / 1000.0);
    }
}
