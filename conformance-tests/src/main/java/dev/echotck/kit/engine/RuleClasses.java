package dev.echotck.kit.engine;

import java.util.List;

import dev.echotck.kit.rules.EchoRules;

/** Every class holding rule checks: the table of contents of the kit. Add a family's class here. */
public final class RuleClasses {

    public static final List<Class<?>> ALL = List.of(EchoRules.class);

    private RuleClasses() {
    }
}
