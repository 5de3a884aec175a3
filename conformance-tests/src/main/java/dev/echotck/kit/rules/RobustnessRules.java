package dev.echotck.kit.rules;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.echotck.kit.engine.EchoTckExtension;
import dev.echotck.kit.engine.RuleOrder;

/**
 * The ROB family: robustness. One method per rule; the rule's text, its rationale and its "if this
 * fails" hints are in spec/rules/ROB.md. Outside ECHO, payloads are newline-terminated ASCII.
 */
@ExtendWith(EchoTckExtension.class)
@TestMethodOrder(RuleOrder.class)
@DisplayName("ROB: robustness")
public class RobustnessRules {
}
