package dev.echotck.kit.report;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.echotck.spec.Family;
import dev.echotck.spec.Rule;
import dev.echotck.spec.RuleCatalog;

/**
 * {@code echotck report merge}: several runs' {@code report.json} files as one page, a matrix of
 * rules (rows) by runs (columns), each cell linking to that run's evidence ({@code report.html#RULE-ID},
 * relative, so the folder can be moved or zipped as a whole). What a teacher grading thirty
 * servers wants, or a CI comparing releases: which rule fails where, and which rules differ.
 * Reads only the documented fields of {@code report.json}, so it merges reports of other
 * versions too.
 */
public final class MatrixReport {

    /** One run: where its report lives, what it says, and the link to its page (null when it has none). */
    record Run(int number, Path dir, JsonNode json, String pageLink, String label) {
        String target() {
            return json.path("target").asText("?");
        }

        Optional<String> verdict(String ruleId) {
            for (JsonNode rule : json.path("rules")) {
                if (rule.path("id").asText().equals(ruleId)) {
                    return Optional.of(rule.path("verdict").asText("?"));
                }
            }
            return Optional.empty();
        }

        int count(String field) {
            return json.path("summary").path(field).asInt();
        }
    }

    private MatrixReport() {
    }

    /**
     * @param inputs report folders (each holding report.json) or report.json files
     * @return the number of runs merged
     */
    public static int write(List<Path> inputs, Path out) throws IOException {
        Path outDir = out.toAbsolutePath().normalize().getParent();
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            Path file = Files.isDirectory(input) ? input.resolve("report.json") : input;
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no report.json in " + input + " (write one with: echotck run ... --report "
                        + input + ")");
            }
            files.add(file.toAbsolutePath().normalize());
        }
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> reports = new ArrayList<>();
        for (Path file : files) {
            try {
                reports.add(mapper.readTree(file.toFile()));
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " is not a report.json: it does not read as JSON");
            }
        }
        List<String> labels = labels(files, reports);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path dir = files.get(i).getParent();
            Path page = dir.resolve("report.html");
            runs.add(new Run(i + 1, dir, reports.get(i), Files.isRegularFile(page) ? relativeLink(outDir, page) : null,
                    labels.get(i)));
        }
        Files.createDirectories(outDir);
        Files.writeString(out, render(runs), StandardCharsets.UTF_8);
        return runs.size();
    }

    static String render(List<Run> runs) {
        List<String> ruleIds = ruleIds(runs);
        RuleCatalog catalog = RuleCatalog.standard();
        StringBuilder html = new StringBuilder(32 * 1024);
        html.append(ReportStyle.head("echotck: " + runs.size() + " runs compared"));
        html.append("<body>\n<main class=\"wide\">\n<header>\n<p class=\"kicker\">echotck ").append(JsonReport.VERSION)
                .append(" · runs compared</p>\n<h1>").append(runs.size()).append(" runs, ").append(ruleIds.size())
                .append(" rules</h1>\n<p>Each column is a run, each row a rule. A cell is that run's verdict on the rule; "
                        + "follow it to the run's report, where a failure has its evidence, its likely cause and the "
                        + "command that reruns it.</p>\n");
        long passedRuns = runs.stream().filter(r -> r.json().path("exitCode").asInt(-1) == 0).count();
        html.append("<p class=\"legend\"><span>").append(passedRuns).append(" of ").append(runs.size())
                .append(" runs passed every rule that counts.</span> <a href=\"#runs\">The runs, their targets and seeds</a></p>\n")
                .append("</header>\n");

        html.append("<h2 id=\"matrix\">Verdicts</h2>\n<div class=\"filters\">"
                + "<label><input type=\"checkbox\" id=\"failing-only\"> Only rules that failed in some run</label>"
                + "<label><input type=\"checkbox\" id=\"differs-only\"> Only rules whose verdict differs between runs</label>"
                + "</div>\n<p class=\"legend\">").append(ReportStyle.badge("PASS")).append(ReportStyle.badge("FAIL"))
                .append(ReportStyle.badge("SKIP")).append(ReportStyle.badge("ERROR"))
                .append("<span>— not run</span><span>A bar at the left of a rule: its verdict differs between runs.</span></p>\n");
        html.append("<div class=\"table-scroll\"><table class=\"matrix\">\n<thead><tr><th class=\"rule\" scope=\"col\">Rule</th>"
                + "<th scope=\"col\" class=\"count\">failed in</th>");
        for (Run run : runs) {
            html.append("<th class=\"run\" scope=\"col\" title=\"").append(Html.attr(run.number() + ": " + run.target()))
                    .append("\">");
            String label = run.number() + " · " + run.label();
            html.append(run.pageLink() == null ? Html.text(label)
                    : "<a href=\"" + Html.attr(run.pageLink()) + "\">" + Html.text(label) + "</a>");
            html.append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        Family family = null;
        for (String id : ruleIds) {
            Optional<Rule> rule = catalog.find(id);
            Family ofRule = rule.map(Rule::family).orElse(null);
            if (ofRule != null && ofRule != family) {
                family = ofRule;
                html.append("<tr class=\"family\"><th colspan=\"").append(runs.size() + 2).append("\" scope=\"rowgroup\">")
                        .append(family.name()).append(" · ").append(Html.text(family.topic())).append("</th></tr>\n");
            }
            List<Optional<String>> verdicts = runs.stream().map(r -> r.verdict(id)).toList();
            Set<String> distinct = new LinkedHashSet<>();
            verdicts.forEach(v -> v.ifPresent(distinct::add));
            long failing = verdicts.stream().filter(v -> v.isPresent() && (v.get().equals("FAIL") || v.get().equals("ERROR")))
                    .count();
            long ran = verdicts.stream().filter(Optional::isPresent).count();
            html.append("<tr class=\"rule-row").append(distinct.size() > 1 ? " differs" : "").append(failing > 0 ? " failing" : "")
                    .append("\"><th class=\"rule\" scope=\"row\"><span class=\"rid\">").append(Html.text(id)).append("</span>");
            rule.ifPresent(r -> html.append("<span class=\"rlevel\">").append(r.level()).append("</span><span class=\"rtitle\">")
                    .append(Html.inline(r.title())).append("</span>"));
            html.append("</th><td class=\"count\">").append(failing).append(" of ").append(ran).append("</td>");
            for (int i = 0; i < runs.size(); i++) {
                html.append(cell(runs.get(i), id, verdicts.get(i)));
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table></div>\n");
        runsTable(html, runs);
        html.append("<footer><p>Written by echotck ").append(JsonReport.VERSION).append(" (echotck report merge). This page is "
                + "self-contained: it loads nothing and runs no script; its links are relative, to each run's report.html."
                + "</p></footer>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void runsTable(StringBuilder html, List<Run> runs) {
        html.append("<h2 id=\"runs\">Runs</h2>\n<div class=\"table-scroll\" style=\"max-height:none\"><table class=\"runs\">"
                + "<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Outcome</th><th scope=\"col\">Target</th>"
                + "<th scope=\"col\">Passed</th><th scope=\"col\">Failed</th><th scope=\"col\">Skipped</th>"
                + "<th scope=\"col\">Seed</th><th scope=\"col\">Report</th></tr></thead>\n<tbody>\n");
        for (Run run : runs) {
            int exit = run.json().path("exitCode").asInt(-1);
            String outcome = run.json().has("setupError") || exit == 2 ? "ERROR" : exit == 0 ? "PASS" : exit == 1 ? "FAIL" : "?";
            html.append("<tr><td>").append(run.number()).append("</td><td>").append(ReportStyle.badge(outcome))
                    .append("</td><td class=\"target\">").append(Html.text(run.target()));
            if (run.json().has("setupError")) {
                html.append("<br><small>could not be started: ").append(Html.text(run.json().path("setupError").asText()))
                        .append("</small>");
            }
            html.append("</td><td>").append(run.count("passed")).append("</td><td>")
                    .append(run.count("failed") + run.count("errors")).append("</td><td>").append(run.count("skipped"))
                    .append("</td><td>").append(Html.text(run.json().path("seed").asText())).append("</td><td>")
                    .append(run.pageLink() == null ? "<small>no report.html</small>"
                            : "<a href=\"" + Html.attr(run.pageLink()) + "\">report.html</a>")
                    .append("</td></tr>\n");
        }
        html.append("</tbody></table></div>\n");
    }

    private static String cell(Run run, String id, Optional<String> verdict) {
        if (verdict.isEmpty()) {
            return "<td class=\"cell\"><span class=\"v none\" title=\"not run\">—<span class=\"sr\"> not run</span></span></td>";
        }
        String v = verdict.get();
        String body = ReportStyle.symbol(v) + " " + Html.text(v);
        String title = Html.attr(run.number() + " (" + run.target() + "): " + id + " " + v);
        if (run.pageLink() == null) {
            return "<td class=\"cell\"><span class=\"v " + ReportStyle.cssClass(v) + "\" title=\"" + title + "\">" + body
                    + "</span></td>";
        }
        return "<td class=\"cell\"><a class=\"" + ReportStyle.cssClass(v) + "\" href=\"" + Html.attr(run.pageLink() + "#" + id)
                + "\" title=\"" + title + "\">" + body + "</a></td>";
    }

    /** Every rule of any run, in the spec's order; ids this version does not know come last. */
    private static List<String> ruleIds(List<Run> runs) {
        Set<String> seen = new LinkedHashSet<>();
        runs.forEach(run -> run.json().path("rules").forEach(rule -> seen.add(rule.path("id").asText())));
        seen.remove("");
        List<String> known = RuleCatalog.standard().all().stream().map(Rule::id).filter(seen::contains).toList();
        List<String> ordered = new ArrayList<>(known);
        seen.stream().filter(id -> !known.contains(id)).sorted().forEach(ordered::add);
        return ordered;
    }

    /**
     * Column labels short enough to read: the targets without the words they all share ("exec:
     * python3 ... {port}"), or, when that leaves nothing to tell them apart (the same server in
     * two releases), the report folders' names.
     */
    static List<String> labels(List<Path> files, List<JsonNode> reports) {
        List<String> targets = reports.stream().map(r -> r.path("target").asText("?")).toList();
        List<String> trimmed = trimCommon(targets);
        if (new LinkedHashSet<>(trimmed).size() == trimmed.size() && trimmed.stream().noneMatch(String::isBlank)) {
            return trimmed;
        }
        List<String> dirs = files.stream().map(f -> f.getParent().getFileName() == null ? f.toString()
                : f.getParent().getFileName().toString()).toList();
        if (new LinkedHashSet<>(dirs).size() == dirs.size()) {
            return dirs;
        }
        return IntStream.range(0, targets.size()).mapToObj(i -> trimmed.get(i).isBlank() ? targets.get(i) : trimmed.get(i))
                .toList();
    }

    /**
     * Drops the words and path segments that every string starts with, and those every string ends
     * with: "exec: python3 submissions/alice/server.py {port}" and ".../bob/..." become "alice" and "bob".
     */
    static List<String> trimCommon(List<String> all) {
        if (all.size() < 2) {
            return all;
        }
        List<List<String>> tokens = all.stream().map(MatrixReport::tokens).toList();
        int shortest = tokens.stream().mapToInt(List::size).min().orElse(0);
        int head = 0;
        while (head < shortest - 1 && sameToken(tokens, head, true)) {
            head++;
        }
        int tail = 0;
        while (tail < shortest - head - 1 && sameToken(tokens, tail, false)) {
            tail++;
        }
        int h = head, t = tail;
        return tokens.stream().map(w -> String.join("", w.subList(h, w.size() - t)).replaceAll("[ /]+$", "")).toList();
    }

    /** "exec: ./a {port}" as "exec: ", "./", "a ", "{port}": each word or path segment with the separator after it. */
    private static List<String> tokens(String s) {
        List<String> tokens = new ArrayList<>();
        Matcher m = Pattern.compile("[^ /]*[ /]|[^ /]+$").matcher(s);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    private static boolean sameToken(List<List<String>> tokens, int index, boolean fromStart) {
        Set<String> seen = new LinkedHashSet<>();
        tokens.forEach(w -> seen.add(fromStart ? w.get(index) : w.get(w.size() - 1 - index)));
        return seen.size() == 1;
    }

    /** A relative URL from the matrix page's folder to a run's page, each path segment percent-encoded. */
    static String relativeLink(Path fromDir, Path page) {
        Path relative = fromDir.relativize(page.toAbsolutePath().normalize());
        List<String> segments = new ArrayList<>();
        relative.forEach(p -> segments.add(p.toString()));
        try {
            return new URI(null, null, String.join("/", segments), null).getRawPath();
        } catch (URISyntaxException e) {
            return String.join("/", segments);
        }
    }
}
