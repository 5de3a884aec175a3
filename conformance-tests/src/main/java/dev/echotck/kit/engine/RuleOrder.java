package dev.echotck.kit.engine;

import java.util.Comparator;

import org.junit.jupiter.api.MethodDescriptor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;

/** Runs a family's checks in rule-number order, so progress reads like the spec. */
public final class RuleOrder implements MethodOrderer {

    @Override
    public void orderMethods(MethodOrdererContext context) {
        context.getMethodDescriptors().sort(Comparator.comparingInt(RuleOrder::number));
    }

    private static int number(MethodDescriptor method) {
        return method.findAnnotation(RuleTest.class)
                .map(r -> Integer.parseInt(r.value().substring(r.value().indexOf('-') + 1)))
                .orElse(Integer.MAX_VALUE);
    }
}
