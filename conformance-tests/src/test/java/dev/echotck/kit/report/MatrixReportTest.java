package dev.echotck.kit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.echotck.kit.engine.RuleOutcome;
import dev.echotck.kit.engine.RunResult;
import dev.echotck.kit.engine.Verdict;

/** The matrix page across runs: a cell per run and rule, linking relatively to that run's evidence. */
class MatrixReportTest {

    @Test
    void fiveRunsMakeOneMatrixWhoseCellsLinkToEachRunsEvidence(@TempDir Path dir) throws Exception {
        List<Path> dirs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Path runDir = dir.resolve("runs").resolve("student " + i);
            Files.createDirectories(runDir);
            RunResult run = student(i);
            JsonReport.write(run, runDir.resolve("report.json"));
            HtmlReport.write(run, runDir.resolve("report.html"));
            dirs.add(runDir);
        }
        Path out = dir.resolve("out").resolve("matrix.html");

        assertThat(MatrixReport.write(dirs, out)).isEqualTo(5);

        String html = Files.readString(out);
        assertThat(html).contains("<h1>5 runs, 6 rules</h1>");
        // labels drop what every target shares: "exec: python3 ... /server.py {port}"
        assertThat(html).contains("3 · student3</a>");
        // relative links, spaces encoded, to the rule's anchor in the run's own page
        assertThat(html).contains("<a class=\"fail\" href=\"../runs/student%203/report.html#ECHO-1\"");
        assertThat(Files.exists(out.getParent().resolve("../runs/student 3/report.html"))).isTrue();
        // ECHO-1 fails for the odd students only: the row says so and is marked as differing
        assertThat(html).contains("<tr class=\"rule-row differs failing\"><th class=\"rule\" scope=\"row\"><span class=\"rid\">ECHO-1</span>")
                .contains("<td class=\"count\">3 of 5</td>");
        assertThat(html).contains("<tr class=\"rule-row\"><th class=\"rule\" scope=\"row\"><span class=\"rid\">ECHO-5</span>");
        assertThat(html).doesNotContainIgnoringCase("<script");
    }

    @Test
    void aRuleARunDidNotCheckIsMarkedNotRun(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("v1.0"));
        Path b = Files.createDirectories(dir.resolve("v1.1"));
        RunResult full = SampleRuns.mixed();
        RunResult fewer = new RunResult(full.target(), full.targetOptions(), 1, 1.0, false, full.outcomes().subList(0, 2),
                full.setupError(), full.duration());
        JsonReport.write(full, a.resolve("report.json"));
        JsonReport.write(fewer, b.resolve("report.json"));

        MatrixReport.write(List.of(a, b.resolve("report.json")), dir.resolve("m.html"));

        String html = Files.readString(dir.resolve("m.html"));
        // the same target twice: the columns are named after the report folders
        assertThat(html).contains("2 · v1.1</th>");
        assertThat(html).contains("<span class=\"sr\"> not run</span>");
        // no report.html next to report.json: the verdict is shown, without a link
        assertThat(html).contains("<span class=\"v fail\" title=\"1 (mutant: sample): ECHO-1 FAIL\">");
    }

    @Test
    void aFolderWithoutReportJsonIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> MatrixReport.write(List.of(dir), dir.resolve("m.html")))
                .hasMessageContaining("no report.json in " + dir);
    }

    @Test
    void commonWordsAreTrimmedFromBothEnds() {
        assertThat(MatrixReport.trimCommon(List.of("mutant: fd-leak", "mutant: iterative", "reference: blocking")))
                .containsExactly("mutant: fd-leak", "mutant: iterative", "reference: blocking");
        assertThat(MatrixReport.trimCommon(List.of("mutant: fd-leak", "mutant: iterative")))
                .containsExactly("fd-leak", "iterative");
        assertThat(MatrixReport.trimCommon(List.of("exec: ./a {port}", "exec: ./b {port}"))).containsExactly("a", "b");
        assertThat(MatrixReport.trimCommon(List.of("exec: python3 s/alice/server.py {port}", "exec: python3 s/bob/server.py {port}")))
                .containsExactly("alice", "bob");
    }

    /** Student i's server: odd ones fail ECHO-1. */
    private static RunResult student(int i) {
        RunResult sample = SampleRuns.mixed();
        List<RuleOutcome> outcomes = sample.outcomes().stream().map(o -> o.rule().id().equals("ECHO-1") && i % 2 == 0
                ? new RuleOutcome(o.rule(), Verdict.PASS, "", o.duration()) : o).toList();
        return new RunResult("exec: python3 student" + i + "/server.py {port}", "run --exec 'python3 student" + i
                + "/server.py {port}'", 7, 1.0, false, outcomes, sample.setupError(), sample.duration());
    }
}
