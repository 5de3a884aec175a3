package dev.echotck.kit.engine;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Marks a test method as the check of one spec rule. The id must exist in spec/rules; a build
 * test enforces both directions (no rule without a check, no check without a rule).
 * The method also carries the tag {@code echotck}, so a user's build can select all rule checks.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@Tag("echotck")
public @interface RuleTest {
    /** The rule id, e.g. {@code "ECHO-5"}. */
    String value();

    /**
     * This check's hard bound in seconds, before {@code --timeout-scale}; 0 (the default) is the
     * kit's, {@link Timeouts#HARD_BOUND}. Only for a check of many steps that each have a bound
     * of their own, whose total depends on how fast the server is, not on whether it is right
     * (HYG-4's 1200 clients are 1200 JVM starts for a server that forks a JVM
     * per client). A hang still fails at the bound of the step it hangs in.
     */
    int hardBoundSeconds() default 0;
}
