package dev.echotck.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RuleCatalogTest {

    @Test
    void everyRuleInTheSpecHasItsPartsAndAUniqueId() {
        RuleCatalog catalog = RuleCatalog.standard();

        assertThat(catalog.all()).extracting(Rule::id).contains("ECHO-1", "ECHO-6").doesNotHaveDuplicates();
        assertThat(catalog.all()).allSatisfy(rule -> {
            assertThat(rule.id()).isEqualTo(rule.family().name() + "-" + rule.number());
            assertThat(rule.title()).isNotBlank();
            assertThat(rule.statement()).isNotBlank();
            assertThat(rule.why()).isNotBlank();
            assertThat(rule.hints()).isNotEmpty();
        });
    }

    @Test
    void aRuleIsReadFromItsHeadingAndSections() {
        var rules = RuleCatalog.parse("""
                # ECHO: intro
                ## ECHO-9 (SHOULD) A title
                The statement.

                ### Why it matters
                Because.

                ### If this fails, check
                - first cause
                - second cause
                """);

        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.id()).isEqualTo("ECHO-9");
            assertThat(rule.level()).isEqualTo(Level.SHOULD);
            assertThat(rule.title()).isEqualTo("A title");
            assertThat(rule.statement()).isEqualTo("The statement.");
            assertThat(rule.why()).isEqualTo("Because.");
            assertThat(rule.hints()).containsExactly("first cause", "second cause");
        });
    }

    @Test
    void aRuleWithoutHintsIsRejected() {
        assertThatThrownBy(() -> RuleCatalog.parse("""
                ## ECHO-9 (MUST) A title
                Text.
                ### Why it matters
                Because.
                """)).hasMessageContaining("ECHO-9");
    }
}
