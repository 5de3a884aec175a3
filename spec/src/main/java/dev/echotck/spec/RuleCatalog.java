package dev.echotck.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules, read from the spec's Markdown. Nothing about a rule is written twice: the kit's
 * {@code rules}, {@code explain} and reports all come from here.
 */
public final class RuleCatalog {

    private static final Pattern RULE_HEADING =
            Pattern.compile("^## ([A-Z]+)-(\\d+) \\((MUST|SHOULD)\\) (.+)$");
    private static final String WHY_HEADING = "### Why it matters";
    private static final String HINTS_HEADING = "### If this fails, check";

    private static volatile RuleCatalog standard;

    private final Map<String, Rule> rules;

    private RuleCatalog(Map<String, Rule> rules) {
        this.rules = Collections.unmodifiableMap(rules);
    }

    /** The catalog packaged with this module (every family file that exists). */
    public static RuleCatalog standard() {
        RuleCatalog catalog = standard;
        if (catalog == null) {
            Map<String, Rule> all = new LinkedHashMap<>();
            for (Family family : Family.values()) {
                try (InputStream in = RuleCatalog.class.getResourceAsStream(family.resourceName())) {
                    if (in == null) {
                        continue;
                    }
                    for (Rule rule : parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                        if (rule.family() != family) {
                            throw new IllegalStateException(rule.id() + " is written in " + family.resourceName());
                        }
                        if (all.putIfAbsent(rule.id(), rule) != null) {
                            throw new IllegalStateException("rule " + rule.id() + " is defined twice");
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            catalog = standard = new RuleCatalog(all);
        }
        return catalog;
    }

    /** Parses one family file. Package-private parsing is exposed for tests of the format. */
    public static List<Rule> parse(String markdown) {
        List<Rule> parsed = new ArrayList<>();
        String[] lines = markdown.split("\\R", -1);
        int i = 0;
        while (i < lines.length) {
            Matcher heading = RULE_HEADING.matcher(lines[i]);
            if (!heading.matches()) {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < lines.length && !lines[end].startsWith("## ") && !lines[end].startsWith("# ")) {
                end++;
            }
            parsed.add(toRule(heading, List.of(lines).subList(i + 1, end)));
            i = end;
        }
        return parsed;
    }

    private static Rule toRule(Matcher heading, List<String> body) {
        String prefix = heading.group(1);
        Family family = Family.byPrefix(prefix)
                .orElseThrow(() -> new IllegalStateException("unknown family " + prefix));
        String id = prefix + "-" + heading.group(2);
        int why = body.indexOf(WHY_HEADING);
        int hints = body.indexOf(HINTS_HEADING);
        if (why < 0 || hints < 0 || hints < why) {
            throw new IllegalStateException(id + " needs '" + WHY_HEADING + "' then '" + HINTS_HEADING + "'");
        }
        List<String> hintList = body.subList(hints + 1, body.size()).stream()
                .filter(l -> l.startsWith("- "))
                .map(l -> l.substring(2).strip())
                .toList();
        if (hintList.isEmpty()) {
            throw new IllegalStateException(id + " has no 'If this fails, check' hints");
        }
        return new Rule(id, family, Integer.parseInt(heading.group(2)), Level.valueOf(heading.group(3)),
                heading.group(4).strip(), text(body.subList(0, why)), text(body.subList(why + 1, hints)), hintList);
    }

    private static String text(List<String> lines) {
        return String.join("\n", lines).strip();
    }

    public List<Rule> all() {
        return List.copyOf(rules.values());
    }

    public Optional<Rule> find(String id) {
        return Optional.ofNullable(rules.get(id.toUpperCase()));
    }

    public Rule get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no rule " + id + " in the spec"));
    }

    public boolean contains(String id) {
        return rules.containsKey(id.toUpperCase());
    }
}
