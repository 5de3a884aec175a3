package dev.echotck.kit.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.echotck.mutants.Mutant;
import dev.echotck.mutants.Mutants;

@Command(name = "mutants", mixinStandardHelpOptions = true,
        description = "Lists the mutants: servers and clients with one classic bug each, and the rules that catch them.")
public final class MutantsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON: [{\"name\",\"language\",\"kind\",\"killSet\"}].")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (json) {
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                    Mutants.all().stream().map(MutantsCommand::toMap).toList()));
            return 0;
        }
        for (Mutant m : Mutants.all()) {
            System.out.printf("%-26s %-5s %-6s fails %s%n    %s%n    fix: %s%n", m.name(), m.language(),
                    m.client() ? "client" : "server", String.join(", ", m.killSet()), m.story(), m.fix());
        }
        return 0;
    }

    private static Map<String, Object> toMap(Mutant m) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", m.name());
        map.put("language", m.language());
        map.put("kind", m.client() ? "client" : "server");
        map.put("killSet", m.killSet());
        return map;
    }
}
