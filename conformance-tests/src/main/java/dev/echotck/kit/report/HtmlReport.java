package dev.echotck.kit.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.echotck.kit.engine.RuleOutcome;
import dev.echotck.kit.engine.RunResult;
import dev.echotck.kit.engine.Verdict;
import dev.echotck.mutants.Mutant;
import dev.echotck.mutants.Mutants;
import dev.echotck.spec.Family;
import dev.echotck.spec.Rule;

/**
 * {@code report.html}: one run as a page a newcomer can read without the console. One file, no
 * network, no script: the summary first (outcome, counts, target, seed, the command that
 * reproduces the run), then one row per rule; a failure is open, with what the kit saw, the
 * likely cause, pictures of what the check recorded, the evidence as the console prints it, the
 * rule, its hints, the mutants that break it the same way and the command that reruns just that
 * rule. Each rule's row is the anchor {@code #RULE-ID}, which the matrix page links to.
 */
public final class HtmlReport {

    /** Evidence lines whose columns matter (hex windows, byte dumps) are never wrapped. */
    private static final Pattern KEEP = Pattern.compile("^\\s*(expected|actual|sent|got)\\s*@\\d+:.*|.*\\b(\\p{XDigit}{2} ){6,}.*");
    private static final Pattern HEX_WINDOW = Pattern.compile("^\\s*(expected|actual)\\s*@\\d+:.*");

    private HtmlReport() {
    }

    public static void write(RunResult result, Path file) throws IOException {
        Files.writeString(file, render(result), StandardCharsets.UTF_8);
    }

    static String render(RunResult result) {
        StringBuilder html = new StringBuilder(64 * 1024);
        long failed = result.count(Verdict.FAIL);
        long errors = result.count(Verdict.ERROR);
        String word = result.setupError().isPresent() ? "SETUP ERROR" : result.exitCode() == RunResult.OK ? "PASS" : "FAIL";
        html.append(ReportStyle.head("echotck " + word + ": " + result.target() + " (" + (failed + errors) + " failed, "
                + result.count(Verdict.PASS) + " passed)"));
        html.append("<body>\n<main>\n<header>\n<p class=\"kicker\">echotck ").append(JsonReport.VERSION)
                .append(" conformance report · ").append(result.subject()).append(" under test</p>\n");
        html.append("<h1>").append(Html.text(result.target())).append("</h1>\n");
        outcome(html, result);
        facts(html, result);
        html.append("</header>\n");
        jumpList(html, result);

        html.append("<h2 id=\"rules\">Rules</h2>\n<div class=\"filters\"><label><input type=\"checkbox\" id=\"problems-only\"> "
                + "Show only the rules that did not pass</label></div>\n");
        for (Family family : Family.values()) {
            List<RuleOutcome> ofFamily = result.outcomes().stream().filter(o -> o.rule().family() == family).toList();
            if (ofFamily.isEmpty()) {
                continue;
            }
            html.append("<section class=\"family\" aria-labelledby=\"family-").append(family.name()).append("\">\n<h3 id=\"family-")
                    .append(family.name()).append("\">").append(family.name()).append(" <span class=\"topic\">")
                    .append(Html.text(family.topic())).append("</span><span class=\"tally\">").append(tally(ofFamily, result))
                    .append("</span></h3>\n");
            for (RuleOutcome o : ofFamily) {
                rule(html, o, result);
            }
            html.append("</section>\n");
        }
        footer(html);
        html.append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void outcome(StringBuilder html, RunResult result) {
        long failed = result.count(Verdict.FAIL);
        long errors = result.count(Verdict.ERROR);
        long counted = result.outcomes().stream().filter(o -> o.counts(result.strict())).count();
        String cls;
        String headline;
        if (result.setupError().isPresent()) {
            cls = "error";
            headline = "<span class=\"sym\">!</span>SETUP ERROR: the " + result.subject() + " could not be started";
        } else if (result.exitCode() == RunResult.OK) {
            cls = "pass";
            headline = "<span class=\"sym\">✓</span>PASSED: every rule that counts passed";
        } else {
            cls = "fail";
            headline = "<span class=\"sym\">✗</span>FAILED: " + counted + (counted == 1 ? " rule" : " rules") + " that "
                    + (counted == 1 ? "counts" : "count") + " did not pass";
        }
        html.append("<div class=\"outcome ").append(cls).append("\" role=\"status\"><span class=\"headline\">").append(headline)
                .append("</span>\n<ul class=\"counts\" aria-label=\"verdict counts\">")
                .append("<li>✓ <b>").append(result.count(Verdict.PASS)).append("</b> passed</li>")
                .append("<li>✗ <b>").append(failed).append("</b> failed</li>")
                .append("<li>– <b>").append(result.count(Verdict.SKIP)).append("</b> skipped</li>");
        long notStarted = result.outcomes().stream().filter(o -> notStarted(o, result)).count();
        if (notStarted > 0) {
            html.append("<li>! <b>").append(notStarted).append("</b> not checked</li>");
        }
        if (errors - notStarted > 0) {
            html.append("<li>! <b>").append(errors - notStarted).append("</b> kit ").append(errors - notStarted == 1 ? "error" : "errors")
                    .append("</li>");
        }
        html.append("</ul></div>\n");
        result.setupError().ifPresent(e -> html.append("<p class=\"banner\"><strong>The ").append(result.subject())
                .append(" could not be started:</strong> ").append(Html.text(e)).append("</p>\n"));
        if (result.uncountedShouldFailures() > 0 && result.setupError().isEmpty()) {
            html.append("<p>").append(result.uncountedShouldFailures())
                    .append(" SHOULD rule(s) failed; they fail the run only with <code>--strict</code>.</p>\n");
        }
    }

    private static void facts(StringBuilder html, RunResult result) {
        html.append("<dl class=\"facts\">")
                .append(fact("Seed", Long.toString(result.seed())))
                .append(fact("Duration", seconds(result.duration().toMillis())))
                .append(fact("Timeout scale", Double.toString(result.timeoutScale())))
                .append(fact("Counted rules", result.strict() ? "MUST and SHOULD (--strict)" : "MUST (SHOULD with --strict)"))
                .append(fact("Exit status", result.exitCode() + switch (result.exitCode()) {
                    case RunResult.OK -> ": every rule that counts passed";
                    case RunResult.RULES_FAILED -> ": a rule that counts failed";
                    default -> ": the " + result.subject() + " could not be set up";
                }))
                .append("</dl>\n<h4>Reproduce this run</h4>\n<pre class=\"cmd\"><code>")
                .append(Html.text(result.reproduceCommand())).append("</code></pre>\n");
    }

    private static String fact(String name, String valueHtml) {
        return "<div><dt>" + name + "</dt><dd>" + valueHtml + "</dd></div>";
    }

    private static void jumpList(StringBuilder html, RunResult result) {
        List<RuleOutcome> problems = result.outcomes().stream()
                .filter(o -> o.verdict() == Verdict.FAIL || o.verdict() == Verdict.ERROR)
                .filter(o -> !notStarted(o, result)).toList();
        if (problems.isEmpty()) {
            return;
        }
        html.append("<nav class=\"jump\" aria-labelledby=\"what-failed\"><h2 id=\"what-failed\">What did not pass</h2><ul>");
        for (RuleOutcome o : problems) {
            html.append("<li>").append(ReportStyle.badge(o.verdict().name())).append(" <span><a href=\"#").append(o.rule().id())
                    .append("\">").append(o.rule().id()).append(" ").append(Html.inline(o.rule().title())).append("</a>: ")
                    .append(Html.text(Evidence.parse(o.evidence()).summary())).append("</span></li>");
        }
        html.append("</ul></nav>\n");
    }

    private static void rule(StringBuilder html, RuleOutcome o, RunResult result) {
        Rule rule = o.rule();
        String verdict = o.verdict().name();
        boolean problem = (o.verdict() == Verdict.FAIL || o.verdict() == Verdict.ERROR) && !notStarted(o, result);
        html.append("<details class=\"rule ").append(ReportStyle.cssClass(verdict)).append("\" id=\"").append(rule.id())
                .append("\" data-verdict=\"").append(verdict).append('"').append(problem ? " open" : "").append(">\n<summary>")
                .append(ReportStyle.badge(verdict))
                .append("<span class=\"id\">").append(rule.id()).append("</span>")
                .append("<span class=\"level\">").append(rule.level()).append("</span>")
                .append("<span class=\"title\">").append(Html.inline(rule.title())).append("</span>")
                .append("<span class=\"time\">").append(seconds(o.duration().toMillis())).append("</span>");
        if (o.verdict() == Verdict.SKIP) {
            html.append("<span class=\"reason\">skipped: ")
                    .append(Html.text(o.evidence().lines().findFirst().orElse("no reason given"))).append("</span>");
        } else if (notStarted(o, result)) {
            html.append("<span class=\"reason\">not checked: the ").append(result.subject()).append(" could not be started</span>");
        }
        html.append("</summary>\n<div class=\"rule-body\">\n");
        if (problem) {
            finding(html, o);
        }
        for (int i = 0; i < o.figures().size(); i++) {
            if (i == 0 && !problem) {
                html.append("<h4>What the check recorded</h4>\n");
            }
            html.append(FigureSvg.render(o.figures().get(i), "fig-" + rule.id() + "-" + (i + 1)));
        }
        if (problem) {
            Evidence evidence = Evidence.parse(o.evidence());
            if (!evidence.lines().isEmpty()) {
                html.append("<h4>Evidence</h4>\n<div class=\"evidence\">");
                evidence.lines().forEach(line -> html.append(evidenceLine(line)));
                html.append("</div>\n");
            }
        }
        html.append("<h4>The rule</h4>\n<div class=\"statement\">").append(Html.blocks(rule.statement())).append("</div>\n");
        if (!rule.why().isBlank()) {
            html.append("<details class=\"why\"><summary>Why it matters</summary>").append(Html.blocks(rule.why()))
                    .append("</details>\n");
        }
        if (!rule.hints().isEmpty()) {
            html.append("<h4>If this fails, check</h4>\n<ul class=\"hints\">");
            rule.hints().forEach(h -> html.append("<li>").append(Html.inline(h)).append("</li>"));
            html.append("</ul>\n");
        }
        mutants(html, rule, result);
        html.append("<h4>Rerun just this rule</h4>\n<pre class=\"cmd\"><code>").append(Html.text(result.rerunCommand(rule.id())))
                .append("</code></pre>\n</div>\n</details>\n");
    }

    private static void finding(StringBuilder html, RuleOutcome o) {
        Evidence evidence = Evidence.parse(o.evidence());
        if (o.verdict() == Verdict.ERROR) {
            html.append("<p class=\"banner\"><strong>The kit could not check this rule.</strong> This is a problem of the kit, "
                    + "not a verdict on the server: please report it with the evidence below.</p>\n");
        }
        html.append("<p class=\"seen\">").append(Html.text(sentence(evidence.summary()))).append("</p>\n");
        for (String cause : evidence.causes()) {
            html.append("<p class=\"cause\"><strong>Likely cause</strong>").append(Html.text(sentence(cause))).append("</p>\n");
        }
    }

    /** An ERROR that is the run's setup error (the server never came up), not a kit bug in this rule's check. */
    private static boolean notStarted(RuleOutcome o, RunResult result) {
        return o.verdict() == Verdict.ERROR && result.setupError().isPresent()
                && o.evidence().startsWith("the " + result.subject() + " could not be started");
    }

    private static String evidenceLine(String line) {
        String escaped = Html.text(line);
        if (HEX_WINDOW.matcher(line).matches()) {
            escaped = escaped.replaceFirst("\\[([^\\]]*)]", "<mark>[$1]</mark>");
        }
        return "<span class=\"l" + (KEEP.matcher(line).matches() ? " keep" : "") + "\">" + (escaped.isEmpty() ? " " : escaped)
                + "</span>";
    }

    private static void mutants(StringBuilder html, Rule rule, RunResult result) {
        List<Mutant> mutants = Mutants.killedBy(rule.id());
        if (mutants.isEmpty()) {
            return;
        }
        String run = rule.family().checksClients() ? "run-client" : "run";
        html.append("<h4>Mutants that fail this rule</h4>\n<p>").append(rule.family().checksClients() ? "Clients" : "Servers")
                .append(" with one classic bug each; see one fail with <code>echotck ").append(run).append(" --mutant NAME --only ")
                .append(rule.id()).append("</code>.</p>\n<ul class=\"mutants\">");
        for (Mutant m : mutants) {
            boolean self = result.target().endsWith("mutant: " + m.name());
            html.append("<li><code>").append(Html.text(m.name())).append("</code>").append(self ? " <em>(this run's target)</em>" : "")
                    .append(": ").append(Html.text(m.story())).append(" <span class=\"fix\">Fix: ").append(Html.text(m.fix()))
                    .append("</span></li>");
        }
        html.append("</ul>\n");
    }

    private static String tally(List<RuleOutcome> outcomes, RunResult result) {
        List<String> parts = new ArrayList<>();
        long notChecked = outcomes.stream().filter(o -> notStarted(o, result)).count();
        for (Verdict v : Verdict.values()) {
            long n = outcomes.stream().filter(o -> o.verdict() == v && !notStarted(o, result)).count();
            if (n > 0) {
                parts.add(n + " " + switch (v) {
                    case PASS -> "passed";
                    case FAIL -> "failed";
                    case SKIP -> "skipped";
                    case ERROR -> n == 1 ? "kit error" : "kit errors";
                });
            }
        }
        if (notChecked > 0) {
            parts.add(notChecked + " not checked");
        }
        return String.join(", ", parts);
    }

    private static void footer(StringBuilder html) {
        html.append("<footer>\n<dl>")
                .append("<dt>").append(ReportStyle.badge("PASS")).append("</dt><dd>the server followed the rule</dd>")
                .append("<dt>").append(ReportStyle.badge("FAIL")).append("</dt><dd>the server broke the rule; the evidence says how</dd>")
                .append("<dt>").append(ReportStyle.badge("SKIP")).append("</dt><dd>the rule could not apply to this target; the reason is given</dd>")
                .append("<dt>").append(ReportStyle.badge("ERROR")).append("</dt><dd>the kit could not check the rule: a kit bug, never the server's fault</dd>")
                .append("</dl>\n<p>MUST rules always count for the exit status; SHOULD rules only with <code>--strict</code>. "
                        + "Written by echotck ").append(JsonReport.VERSION).append(" on ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT)))
                .append(". This page is self-contained: it loads nothing and runs no script.</p>\n</footer>\n");
    }

    /** Evidence is written as clauses ("all 65536 bytes came back, ..."); on the page each stands as a sentence. */
    private static String sentence(String clause) {
        return clause.isEmpty() || !Character.isLowerCase(clause.charAt(0)) ? clause
                : Character.toUpperCase(clause.charAt(0)) + clause.substring(1);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    /**
     * A verdict's evidence text split the way {@code RuleViolation} wrote it: the first line is what
     * was seen, top-level "Likely cause: " lines are the causes, everything else is evidence.
     */
    record Evidence(String summary, List<String> lines, List<String> causes) {
        static Evidence parse(String text) {
            List<String> all = text == null ? List.of() : text.stripTrailing().lines().toList();
            if (all.isEmpty()) {
                return new Evidence("no evidence was recorded", List.of(), List.of());
            }
            List<String> lines = new ArrayList<>();
            List<String> causes = new ArrayList<>();
            for (String line : all.subList(1, all.size())) {
                if (line.startsWith("Likely cause: ")) {
                    causes.add(line.substring("Likely cause: ".length()));
                } else {
                    lines.add(line);
                }
            }
            return new Evidence(all.getFirst(), lines, causes);
        }
    }
}
