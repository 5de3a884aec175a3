package dev.echotck.kit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.echotck.kit.cli.CliRun;

/**
 * The report pages as a person sees them: five real runs (the blocking reference and four
 * mutants) write their report.html, {@code echotck report merge} puts them in one matrix, and a
 * real browser (Debian's chromium, headless) opens each page from disk. Each must load without a
 * single console message (the pages load nothing and run no script, and their
 * Content-Security-Policy makes any attempt a console error), show every rule of its run with its
 * verdict, and show a failure's evidence and pictures. Screenshots stay in
 * {@code target/report-screenshots/} for a human to look at. Without chromium the tests are
 * skipped with the reason ({@code .ci/chromium-up} installs it).
 */
@TestInstance(Lifecycle.PER_CLASS)
class ReportInBrowserTest {

    private static final Path WORK = Path.of("target", "report-browser-test");
    private static final Path SHOTS = Path.of("target", "report-screenshots");
    /** Each target with the exit status its run must have. */
    private static final List<String[]> TARGETS = List.of(
            new String[] {"--reference", "blocking", "0"},
            new String[] {"--mutant", "fd-leak", "1"},
            new String[] {"--mutant", "shutdown-hangs", "1"},
            new String[] {"--mutant", "text-round-trip", "1"},
            new String[] {"--mutant", "exit-nonzero-on-sigterm", "1"});
    private static final String RULES = "ECHO-1,SHUT-2,HYG-2";

    private HeadlessChromium browser;
    private final List<Path> runDirs = new ArrayList<>();

    @BeforeAll
    void runFiveTargetsWithReports() throws Exception {
        browser = HeadlessChromium.find().orElse(null);
        if (browser == null) {
            return; // each test says why it is skipped
        }
        deleteRecursively(WORK);
        Files.createDirectories(SHOTS);
        for (String[] target : TARGETS) {
            Path dir = WORK.resolve(target[1]);
            CliRun run = CliRun.of("run", target[0], target[1], "--only", RULES, "--seed", "11",
                    "--report", dir.toString());
            assertThat(run.exitCode()).as(target[1] + " exit status; its output:\n" + run.out() + run.err())
                    .isEqualTo(Integer.parseInt(target[2]));
            runDirs.add(dir);
        }
    }

    @Test
    void theConsoleCheckSeesAConsoleErrorWhenThereIsOne() throws Exception {
        requireBrowser();
        Path page = WORK.resolve("canary.html");
        Files.writeString(page, ReportStyle.head("canary") + "<body><img alt=\"\" src=\"http://127.0.0.1:9/x.png\"></body></html>");

        HeadlessChromium.Load load = browser.dumpDom(page);

        assertThat(load.console()).as("a blocked load under the pages' Content-Security-Policy is a console message; "
                + "if this fails, the console check of the other tests proves nothing").isNotEmpty();
    }

    @Test
    void everyRunsPageLoadsCleanlyAndShowsEveryRuleWithItsVerdictAndEachFailuresEvidence() throws Exception {
        requireBrowser();
        Map<String, String> doms = new HashMap<>();
        for (Path dir : runDirs) {
            Path page = dir.resolve("report.html");
            HeadlessChromium.Load load = browser.dumpDom(page);
            assertThat(load.console()).as(page + " console").isEmpty();
            String dom = load.stdout();
            doms.put(dir.getFileName().toString(), dom);
            JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
            assertThat(report.path("rules")).hasSize(3);
            for (JsonNode rule : report.path("rules")) {
                String id = rule.path("id").asText();
                String verdict = rule.path("verdict").asText();
                assertThat(Pattern.compile("id=\"" + id + "\" data-verdict=\"" + verdict + "\"[^>]*>\\s*<summary><span class=\"verdict "
                        + "[a-z]+\">. " + verdict + "</span>").matcher(dom).find()).as(page + ": " + id + " shown as " + verdict).isTrue();
                if (verdict.equals("FAIL")) {
                    String seen = rule.path("evidence").asText().lines().findFirst().orElseThrow();
                    // the page starts it with a capital: it stands as a sentence there
                    assertThat(dom).as(page + ": " + id + "'s evidence").contains("<p class=\"seen\">"
                            + domText(Character.toUpperCase(seen.charAt(0)) + seen.substring(1)) + "</p>");
                    assertThat(dom).as(page + ": " + id + "'s rerun command").contains(domText(rule.path("rerun").asText()));
                }
            }
            assertThat(browser.screenshot(page, SHOTS.resolve(dir.getFileName() + ".png"), 1200, 2200).console()).isEmpty();
        }
        assertThat(doms.get("fd-leak")).as("HYG-2's picture of the fd count").contains("<title id=\"fig-HYG-2-1-title\">open file descriptors");
        assertThat(doms.get("shutdown-hangs")).as("SHUT-2's timeline").contains("connection still open after SIGTERM")
                .contains("gave up: no exit within 5 s");
        // a phone-sized window: the same page, for a human to check that nothing needs sideways scrolling but the pictures
        browser.screenshot(WORK.resolve("shutdown-hangs/report.html"), SHOTS.resolve("shutdown-hangs-narrow.png"), 390, 1800);
    }

    @Test
    void theMatrixOfFiveRunsLoadsCleanlyAndEachCellLinksToItsRunsEvidence() throws Exception {
        requireBrowser();
        Path matrix = WORK.resolve("matrix.html");
        List<String> args = new ArrayList<>(List.of("report", "merge"));
        runDirs.forEach(d -> args.add(d.toString()));
        args.addAll(List.of("--out", matrix.toString()));

        CliRun merge = CliRun.of(args.toArray(String[]::new));

        assertThat(merge.exitCode()).as(merge.err()).isZero();
        HeadlessChromium.Load load = browser.dumpDom(matrix);
        assertThat(load.console()).as("matrix console").isEmpty();
        for (Path dir : runDirs) {
            JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
            for (JsonNode rule : report.path("rules")) {
                String href = dir.getFileName() + "/report.html#" + rule.path("id").asText();
                String verdict = rule.path("verdict").asText();
                assertThat(load.stdout()).as("the cell of " + href).contains("href=\"" + href + "\" title=\"")
                        .containsPattern(Pattern.quote(href) + "\" title=\"[^\"]*\">. " + verdict + "</a>");
                assertThat(WORK.resolve(href.substring(0, href.indexOf('#')))).exists();
            }
        }
        assertThat(browser.screenshot(matrix, SHOTS.resolve("matrix.png"), 1200, 900).console()).isEmpty();
    }

    private void requireBrowser() {
        org.junit.jupiter.api.Assumptions.assumeTrue(browser != null,
                "no chromium on PATH (chromium, chromium-browser or google-chrome; or set ECHOTCK_CHROMIUM): "
                        + "run .ci/chromium-up, or apt-get install chromium");
    }

    /** Text as a browser serializes it in a DOM dump: only &amp;, &lt; and &gt; escaped. */
    private static String domText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u00a0", "&nbsp;");
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
