package dev.echotck.kit.target;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The annotated class's tests need a Docker daemon: without one each test is reported SKIPPED
 * with the reason (CI starts one with .ci/docker-up), never passed. Decided per test, not per
 * class, so that every skipped test shows in the report rather than a class with no tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EnabledIfDocker.Condition.class)
public @interface EnabledIfDocker {

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isEmpty()) {
                return ConditionEvaluationResult.enabled("decided per test");
            }
            return ContainerImages.dockerProblem()
                    .map(problem -> ConditionEvaluationResult.disabled("needs Docker (.ci/docker-up starts one): " + problem))
                    .orElse(ConditionEvaluationResult.enabled("Docker is reachable"));
        }
    }
}
