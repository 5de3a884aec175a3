package dev.echotck.kit.engine;

import java.util.List;

import dev.echotck.kit.rules.ClientRules;
import dev.echotck.kit.rules.ConcurrencyRules;
import dev.echotck.kit.rules.EchoRules;
import dev.echotck.kit.rules.HygieneRules;
import dev.echotck.kit.rules.RobustnessRules;
import dev.echotck.kit.rules.ShutdownRules;

/**
 * Every class holding rule checks: the table of contents of the kit. Add a family's class here.
 * {@link ClientRules} checks a client; the others check a server ({@code RuleSelection} keeps
 * each run to one side).
 */
public final class RuleClasses {

    public static final List<Class<?>> ALL = List.of(EchoRules.class, ConcurrencyRules.class, ShutdownRules.class,
            HygieneRules.class, RobustnessRules.class, ClientRules.class);

    private RuleClasses() {
    }
}
