package dev.echotck.kit.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.echotck.spec.Rule;
import dev.echotck.spec.RuleCatalog;

@Command(name = "rules", mixinStandardHelpOptions = true, description = "Lists every rule: id, level, family, title.")
public final class RulesCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON: [{\"id\",\"level\",\"family\",\"title\"}].")
    boolean json;

    @Override
    public Integer call() throws Exception {
        var rules = RuleCatalog.standard().all();
        if (json) {
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                    rules.stream().map(RulesCommand::toMap).toList()));
            return 0;
        }
        for (Rule rule : rules) {
            System.out.printf("%-9s %-6s %-6s %s%n", rule.id(), rule.level(), rule.family(), rule.title());
        }
        return 0;
    }

    private static Map<String, String> toMap(Rule rule) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("id", rule.id());
        map.put("level", rule.level().name());
        map.put("family", rule.family().name());
        map.put("title", rule.title());
        return map;
    }
}
