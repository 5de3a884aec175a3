package dev.echotck.kit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.echotck.mutants.Mutants;
import dev.echotck.spec.Rule;
import dev.echotck.spec.RuleCatalog;

/** The spec and the checks agree: no rule without a check, no check (or mutant) naming a rule the spec lacks. */
class SpecCoverageTest {

    private final RuleCatalog catalog = RuleCatalog.standard();

    private static List<String> checkedRules() {
        return RuleClasses.ALL.stream()
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .map(m -> m.getAnnotation(RuleTest.class))
                .filter(a -> a != null)
                .map(RuleTest::value)
                .toList();
    }

    @Test
    void everyRuleInTheSpecHasACheck() {
        assertThat(checkedRules()).containsAll(catalog.all().stream().map(Rule::id).toList());
    }

    @Test
    void everyCheckNamesARuleOfTheSpec() {
        assertThat(checkedRules()).allSatisfy(id -> assertThat(catalog.contains(id)).as(id + " is in spec/rules").isTrue());
    }

    @Test
    void everyMutantsKillSetNamesRulesOfTheSpec() {
        assertThat(Mutants.all()).allSatisfy(m -> assertThat(m.killSet()).isNotEmpty()
                .allSatisfy(id -> assertThat(catalog.contains(id)).as(m.name() + " kills " + id).isTrue()));
    }

    @Test
    void everyRuleClassDeclaresTheExtensionThatFeedsItsChecks() {
        for (Class<?> rules : RuleClasses.ALL) {
            assertThat(rules.getAnnotation(org.junit.jupiter.api.extension.ExtendWith.class).value())
                    .contains(EchoTckExtension.class);
            for (Method m : rules.getDeclaredMethods()) {
                if (m.isAnnotationPresent(org.junit.jupiter.api.Test.class)) {
                    assertThat(m.isAnnotationPresent(RuleTest.class)).as(m + " is a rule check").isTrue();
                }
            }
        }
    }
}
