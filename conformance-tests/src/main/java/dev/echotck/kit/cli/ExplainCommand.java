package dev.echotck.kit.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.echotck.mutants.Mutant;
import dev.echotck.mutants.Mutants;
import dev.echotck.spec.Rule;
import dev.echotck.spec.RuleCatalog;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Prints a rule, why it matters, what usually breaks it, and the mutants that fail it.")
public final class ExplainCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RULE", description = "A rule id, e.g. ECHO-5.")
    String id;

    @Override
    public Integer call() {
        Rule rule = RuleCatalog.standard().find(id)
                .orElseThrow(() -> new IllegalArgumentException("no rule '" + id + "' (see: echotck rules)"));
        System.out.println(rule.id() + " (" + rule.level() + ") " + rule.title());
        System.out.println();
        System.out.println(rule.statement());
        System.out.println();
        System.out.println("Why it matters");
        System.out.println(rule.why().indent(2).stripTrailing());
        System.out.println();
        System.out.println("If this fails, check");
        rule.hints().forEach(h -> System.out.println("  - " + h));
        var mutants = Mutants.killedBy(rule.id());
        if (!mutants.isEmpty()) {
            System.out.println();
            String run = rule.family().checksClients() ? "run-client" : "run";
            System.out.println("Mutants that fail it (see it happen: echotck " + run + " --mutant NAME --only " + rule.id() + ")");
            for (Mutant m : mutants) {
                System.out.println("  - " + m.name() + ": " + m.story());
            }
        }
        return 0;
    }
}
