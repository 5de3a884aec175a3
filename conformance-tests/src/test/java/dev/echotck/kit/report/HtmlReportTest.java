package dev.echotck.kit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.echotck.kit.engine.RuleOutcome;
import dev.echotck.kit.engine.RunResult;
import dev.echotck.kit.engine.Verdict;

/** report.html as text: self-contained, every rule with its verdict, failures explained, nothing a server wrote taken as markup. */
class HtmlReportTest {

    private final RunResult run = SampleRuns.mixed();
    private final String html = HtmlReport.render(run);

    @Test
    void loadsNothingAndRunsNoScript() {
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link")
                .doesNotContain("@import").doesNotContainIgnoringCase(" src=");
        // the only URL is SVG's namespace name, which nothing fetches; url(...) only points into the page
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://").doesNotContain("https://");
        assertThat(Pattern.compile("url\\((?!#)").matcher(html).find()).isFalse();
        assertThat(html).contains("Content-Security-Policy\" content=\"default-src 'none'");
    }

    @Test
    void theSummaryComesFirstWithCountsSeedAndTheCommandThatReproducesTheRun() {
        int summary = html.indexOf("FAILED: 3 rules that count did not pass");
        assertThat(summary).isPositive().isLessThan(html.indexOf("id=\"ECHO-1\""));
        assertThat(html).contains("<b>2</b> passed", "<b>2</b> failed", "<b>1</b> skipped", "<b>1</b> kit error")
                .contains("<dt>Seed</dt><dd>42</dd>").contains("<h1>mutant: sample</h1>")
                .contains("echotck run --mutant sample --profile full --only ECHO-1,ECHO-5,SHUT-2,SHUT-7,HYG-2,HYG-3 --seed 42");
    }

    @Test
    void everyRuleHasAnAnchoredRowWithItsVerdictAsAWord() {
        for (RuleOutcome o : run.outcomes()) {
            Matcher row = Pattern.compile("<details class=\"rule [a-z]+\" id=\"" + o.rule().id() + "\" data-verdict=\""
                    + o.verdict() + "\"( open)?>\\n<summary><span class=\"verdict [a-z]+\">. " + o.verdict() + "</span>").matcher(html);
            assertThat(row.find()).as(o.rule().id() + " row").isTrue();
            boolean problem = o.verdict().name().equals("FAIL") || o.verdict().name().equals("ERROR");
            assertThat(row.group(1) != null).as(o.rule().id() + " is open exactly when it did not pass").isEqualTo(problem);
        }
    }

    @Test
    void aFailureShowsWhatWasSeenTheCauseTheEvidenceTheRuleItsHintsMutantsAndTheRerunCommand() {
        String echo1 = section("ECHO-1");
        assertThat(echo1).contains("<p class=\"seen\">The 512-byte block came back changed</p>")
                .contains("<p class=\"cause\"><strong>Likely cause</strong>Your server stops at the first 0x00 byte (strlen)</p>")
                .contains("<span class=\"l keep\">    expected @0: <mark>[00]</mark> 01 02 03 04 05 06 07 08</span>")
                .contains("<span class=\"l keep\">    actual   @0: <mark>[CE]</mark> E1</span>")
                .contains("<h4>The rule</h4>", "<h4>If this fails, check</h4>", "<code>strlen</code>")
                .contains("<h4>Mutants that fail this rule</h4>", "<code>c-strlen</code>")
                .contains("echotck run --mutant sample --only ECHO-1 --seed 42");
    }

    @Test
    void whatAServerWroteIsShownAsTextNeverAsMarkup() {
        assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; ?bell");
    }

    @Test
    void figuresAreInlineSvgWithATextAlternative() {
        String shut2 = section("SHUT-2");
        assertThat(shut2).contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"", "role=\"img\"")
                .contains("What breaks the rule (crosses, hatched bars): kit: gave up: no exit within 5 s; server: still running after SIGTERM")
                .contains("<summary>The timeline as a list</summary>")
                .contains("<td>0.040 s</td><td>kit</td><td>SIGTERM</td>");
        assertThat(section("HYG-2")).contains("<h4>What the check recorded</h4>")
                .contains("4 samples of the open file descriptors over 5.600 s: 12 at 0.000 s, highest 44 at 5.600 s")
                .contains("allowed: baseline 12 + 1");
    }

    @Test
    void aSkipSaysWhyAndAKitErrorSaysItIsNotTheServersFault() {
        assertThat(section("SHUT-7")).contains("<span class=\"reason\">skipped: needs a server the kit launches");
        assertThat(section("HYG-3")).contains("The kit could not check this rule.").contains("not a verdict on the server");
    }

    @Test
    void aServerThatNeverStartedLeavesEveryRuleNotCheckedNotAKitError() {
        RunResult never = new RunResult("exec: ./server {port}", "run --exec ./server", 1, 1.0, false, List.of(
                new RuleOutcome(run.outcomes().getFirst().rule(), Verdict.ERROR,
                        "the server could not be started: it exited with status 127", Duration.ZERO)),
                Optional.of("it exited with status 127"), Duration.ofMillis(300), "--profile full");

        String page = HtmlReport.render(never);

        assertThat(page).contains("SETUP ERROR: the server could not be started", "<b>1</b> not checked",
                "not checked: the server could not be started").doesNotContain("The kit could not check this rule")
                .doesNotContain("kit error").doesNotContain("What did not pass");
    }

    private String section(String id) {
        int from = html.indexOf("id=\"" + id + "\"");
        return html.substring(from, html.indexOf("</details>\n", html.indexOf("Rerun just this rule", from)));
    }
}
