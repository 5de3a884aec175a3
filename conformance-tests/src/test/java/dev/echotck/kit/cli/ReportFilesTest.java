package dev.echotck.kit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The report files other tools read: their names and shapes are a contract. */
class ReportFilesTest {

    @Test
    void aFailingRunWritesAFailureNotAnErrorTheDocumentedJsonAndAPage(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("run", "--mutant", "no-eof-after-half-close", "--only", "ECHO-1,ECHO-5",
                "--seed", "3", "--report", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out().strip().lines().toList()).contains("1 passed, 1 failed, 0 skipped");
        int summaryAt = run.out().indexOf("Summary");
        assertThat(summaryAt).as("summary comes before the failure details").isLessThan(run.out().indexOf("--- ECHO-5"));

        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("tool").asText()).isEqualTo("echotck");
        assertThat(json.get("seed").asLong()).isEqualTo(3);
        assertThat(json.get("target").asText()).contains("no-eof-after-half-close");
        JsonNode echo5 = json.get("rules").get(1);
        assertThat(echo5.get("id").asText()).isEqualTo("ECHO-5");
        assertThat(echo5.get("family").asText()).isEqualTo("ECHO");
        assertThat(echo5.get("level").asText()).isEqualTo("MUST");
        assertThat(echo5.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(echo5.get("evidence").asText()).contains("never closed its side");
        assertThat(echo5.get("durationMs").asLong()).isPositive();
        assertThat(json.get("summary").get("passed").asInt()).isEqualTo(1);
        assertThat(json.get("summary").get("failed").asInt()).isEqualTo(1);
        assertThat(json.get("summary").get("errors").asInt()).isZero();

        assertThat(json.get("reproduce").asText())
                .isEqualTo("echotck run --mutant no-eof-after-half-close --profile full --only ECHO-1,ECHO-5 --seed 3");
        assertThat(dir.resolve("report.html")).content().contains("id=\"ECHO-5\" data-verdict=\"FAIL\" open>");

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile());
        assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(2);
        assertThat(xml.getElementsByTagName("error").getLength()).isZero();
        Element failure = (Element) xml.getElementsByTagName("failure").item(0);
        assertThat(((Element) failure.getParentNode()).getAttribute("name")).startsWith("ECHO-5 ");
        assertThat(failure.getAttribute("message")).contains("never closed its side");
    }
}
