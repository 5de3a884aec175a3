package dev.echotck.kit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.echotck.kit.engine.MutationRun;
import dev.echotck.kit.target.NativeMutants;
import dev.echotck.mutants.Mutant;
import dev.echotck.mutants.Mutants;

@Command(name = "mutants", mixinStandardHelpOptions = true,
        description = "Lists the mutants: servers and clients with one classic bug each, and the rules that catch them.")
public final class MutantsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON: [{\"name\",\"language\",\"kind\",\"killSet\"}].")
    boolean json;

    @Option(names = "--matrix", description = "Run every mutant against every rule of its side and print the "
            + "mutant x rule matrix and the mutation score (slow: minutes). Exit 1 unless every mutant is caught exactly.")
    boolean matrix;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "11", description = "Seed for --matrix (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (matrix) {
            List<MutationRun.Outcome> outcomes = new ArrayList<>();
            for (Mutant m : Mutants.all()) {
                if (m.isNative() && !NativeMutants.canBuild()) {
                    System.out.println(m.name() + ": skipped (C mutants need gcc)");
                    continue;
                }
                MutationRun.Outcome outcome = MutationRun.run(m, MutationRun.Scope.FULL, seed);
                System.out.println(m.name() + ": " + (outcome.caught() ? "caught" : "NOT caught exactly") + " ("
                        + outcome.result().duration().toSeconds() + " s)");
                outcomes.add(outcome);
            }
            System.out.println();
            System.out.print(MutationRun.matrix(outcomes));
            System.out.println(MutationRun.score(outcomes));
            return outcomes.stream().allMatch(MutationRun.Outcome::caught) ? 0 : 1;
        }
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
