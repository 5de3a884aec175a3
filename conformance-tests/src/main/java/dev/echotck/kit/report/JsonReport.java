package dev.echotck.kit.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.echotck.kit.engine.FigureEntries;
import dev.echotck.kit.engine.RunResult;
import dev.echotck.kit.engine.Verdict;

/**
 * {@code report.json}. The field names are a contract that other tools read:
 * {@code tool, version, target, seed, rules[id, family, level, title, verdict, evidence, durationMs], summary}.
 * Fields are only ever added: {@code reproduce} (the command that reruns the whole run) and a rule's
 * {@code figures} (what its check recorded for pictures, when it recorded anything).
 */
public final class JsonReport {

    public static final String VERSION = "0.1.0";

    private JsonReport() {
    }

    public static void write(RunResult result, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toMap(result));
    }

    static Map<String, Object> toMap(RunResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tool", "echotck");
        json.put("version", VERSION);
        json.put("target", result.target());
        json.put("seed", result.seed());
        json.put("timeoutScale", result.timeoutScale());
        json.put("strict", result.strict());
        json.put("durationMs", result.duration().toMillis());
        json.put("exitCode", result.exitCode());
        json.put("reproduce", result.reproduceCommand());
        result.setupError().ifPresent(e -> json.put("setupError", e));
        List<Map<String, Object>> rules = result.outcomes().stream().map(o -> {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", o.rule().id());
            rule.put("family", o.rule().family().name());
            rule.put("level", o.rule().level().name());
            rule.put("title", o.rule().title());
            rule.put("verdict", o.verdict().name());
            rule.put("evidence", o.evidence());
            rule.put("durationMs", o.duration().toMillis());
            rule.put("rerun", result.rerunCommand(o.rule().id()));
            if (!o.figures().isEmpty()) {
                rule.put("figures", o.figures().stream().map(FigureEntries::tree).toList());
            }
            return rule;
        }).toList();
        json.put("rules", rules);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("passed", result.count(Verdict.PASS));
        summary.put("failed", result.count(Verdict.FAIL));
        summary.put("skipped", result.count(Verdict.SKIP));
        summary.put("errors", result.count(Verdict.ERROR));
        json.put("summary", summary);
        return json;
    }
}
