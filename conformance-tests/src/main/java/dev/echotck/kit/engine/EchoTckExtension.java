package dev.echotck.kit.engine;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Objects;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

import dev.echotck.kit.process.FdLimit;
import dev.echotck.kit.target.ClientUnderTest;
import dev.echotck.kit.target.LaunchOptions;
import dev.echotck.kit.target.ServerPool;
import dev.echotck.kit.target.ServerUnderTest;
import dev.echotck.kit.target.TargetLauncher;
import dev.echotck.kit.target.TargetSpec;
import dev.echotck.spec.RuleCatalog;

/**
 * Connects a rule's check to the run: it hands the check the server under test and a
 * {@link RuleContext}, enforces the hard bound, and fails a check whose server died under it.
 * One pool of servers per run lives in the root store and is closed when the run ends.
 * In a user's own build it also applies {@link KitSettings#ONLY}, {@link KitSettings#EXCLUDE}
 * and {@link KitSettings#STRICT}; the CLI selects rules and counts verdicts itself.
 */
public final class EchoTckExtension implements ParameterResolver, AfterEachCallback, InvocationInterceptor,
        ExecutionCondition, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EchoTckExtension.class);
    /** A fresh server, stopped when the check's store closes (right after the check). */
    private static final String FRESH = "fresh-server";

    /** A check that needs a server of its own is skipped, with the reason, when the kit cannot start one. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("not a check");
        }
        // A build that scans every rule class runs one side: the other side's checks are skipped, not errors.
        String id = ruleId(context);
        boolean checksClient = RuleSelection.checksClients(id);
        KitSettings settings = settings(context);
        if (checksClient && settings.client().isEmpty()) {
            return ConditionEvaluationResult.disabled("checks a client, and no client is set ("
                    + KitSettings.CLIENT + "; echotck run-client)");
        }
        if (!checksClient && settings.target().isEmpty()) {
            return ConditionEvaluationResult.disabled("checks a server, and no server is set ("
                    + KitSettings.TARGET + "; echotck run)");
        }
        if (!settings.selects(id)) {
            return ConditionEvaluationResult.disabled("not selected (" + KitSettings.ONLY + ", " + KitSettings.EXCLUDE + ")");
        }
        Fresh[] fresh = Arrays.stream(context.getRequiredTestMethod().getParameters())
                .map(p -> p.getAnnotation(Fresh.class)).filter(Objects::nonNull).toArray(Fresh[]::new);
        if (fresh.length > 0 && !pool(context).canLaunch()) {
            return ConditionEvaluationResult.disabled(
                    "needs a server the kit launches (--exec, --image, --reference or --mutant); skipped for --connect");
        }
        // A container gets its fd limit from Docker (ulimits); a local process from prlimit.
        if (Arrays.stream(fresh).anyMatch(f -> f.fdLimit() > 0) && !FdLimit.isAvailable()
                && !(pool(context).spec() instanceof TargetSpec.Image)) {
            return ConditionEvaluationResult.disabled("needs util-linux prlimit to lower the server's fd limit");
        }
        return ConditionEvaluationResult.enabled("the kit can provide the server this check needs");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ServerUnderTest.class || type == RuleContext.class || type == ServerPool.class
                || type == ClientUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == RuleContext.class) {
            KitSettings settings = settings(context);
            RuleContext rule = new RuleContext(ruleId(context), settings.seed(), settings.timeouts());
            context.getStore(NAMESPACE).put(RuleContext.class, rule);
            return rule;
        }
        if (type == ServerPool.class) {
            return pool(context);
        }
        if (type == ClientUnderTest.class) {
            return client(context);
        }
        ServerPool pool = pool(context);
        Fresh fresh = parameter.findAnnotation(Fresh.class).orElse(null);
        if (fresh != null) {
            ServerUnderTest server = pool.fresh(new LaunchOptions(fresh.fdLimit()));
            context.getStore(NAMESPACE).put(FRESH, (AutoCloseable) () -> pool.release(server));
            return server;
        }
        ServerUnderTest server = pool.shared();
        context.getStore(NAMESPACE).put(SharedServerUsed.class, new SharedServerUsed(server));
        return server;
    }

    /**
     * Publishes what the check recorded for the report's pictures (whatever its verdict), then: a
     * check cannot pass while the server it checked crashed, the crash is this rule's finding.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        RuleContext rule = context.getStore(NAMESPACE).get(RuleContext.class, RuleContext.class);
        if (rule != null) {
            rule.observations().figures().forEach(f -> context.publishReportEntry(FigureEntries.KEY, FigureEntries.encode(f)));
        }
        SharedServerUsed used = context.getStore(NAMESPACE).get(SharedServerUsed.class, SharedServerUsed.class);
        if (used == null || context.getExecutionException().isPresent()) {
            return;
        }
        used.server().deathNotice().ifPresent(notice -> {
            RuleViolation violation = RuleViolation.because("the server died during this check: " + notice)
                    .likelyCause("something this check did (see the rule) crashes your server; the next rule gets a fresh one")
                    .build();
            if (!counts(context)) {
                throw notCounted(context, violation);
            }
            throw violation;
        });
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        if (thrown instanceof AssertionError violation && !counts(context)) {
            throw notCounted(context, violation);
        }
        throw thrown;
    }

    /** Whether a broken rule fails its test: always for a MUST rule, for a SHOULD rule unless {@link KitSettings#STRICT} is false. */
    private static boolean counts(ExtensionContext context) {
        return settings(context).strict() || RuleCatalog.standard().get(ruleId(context)).isMust();
    }

    /** A broken SHOULD rule that does not count: aborted, so the build stays green and the evidence stays in its report. */
    private static TestAbortedException notCounted(ExtensionContext context, AssertionError violation) {
        return new TestAbortedException(ruleId(context) + " is a SHOULD rule, not counted (" + KitSettings.STRICT
                + "=false); it failed: " + violation.getMessage(), violation);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        int ownBound = context.getRequiredTestMethod().getAnnotation(RuleTest.class) instanceof RuleTest rule
                ? rule.hardBoundSeconds() : 0;
        Duration bound = ownBound > 0
                ? settings(context).timeouts().within(Duration.ofSeconds(ownBound))
                : settings(context).timeouts().hardBound();
        FutureTask<Void> task = new FutureTask<>(() -> {
            try {
                return invocation.proceed();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new ExecutionException(t);
            }
        });
        Thread runner = Thread.ofPlatform().name("echotck-rule-" + ruleId(context)).daemon().start(task);
        try {
            task.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            runner.interrupt();
            throw RuleViolation.because("the check did not finish within its hard bound of " + bound.toSeconds() + " s")
                    .evidence("every wait inside a check has its own bound; hitting the hard bound means the server "
                            + "blocked the kit in a way no single bound covered")
                    .likelyCause("your server hangs (a deadlock, or a write blocked forever on a client that does not "
                            + "read), or it is far slower than the check allows (--timeout-scale raises every bound)")
                    .build();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ExecutionException nested ? nested.getCause() : e.getCause();
        }
    }

    /**
     * Marks that a check used the shared server. A holder, not the server itself: JUnit closes
     * AutoCloseable values of a check's store when the check ends, and the shared server must
     * outlive the check.
     */
    private record SharedServerUsed(ServerUnderTest server) {
    }

    static String ruleId(ExtensionContext context) {
        return context.getRequiredTestMethod().getAnnotation(RuleTest.class).value();
    }

    private static KitSettings settings(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(KitSettings.class,
                key -> KitSettings.from(context::getConfigurationParameter), KitSettings.class);
    }

    private static ServerPool pool(ExtensionContext context) {
        KitSettings settings = settings(context);
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(ServerPool.class,
                key -> new ServerPool(settings.target().orElseThrow(() -> new IllegalStateException(
                        "this check tests a server, and no server is set: " + KitSettings.TARGET + " is missing")),
                        new TargetLauncher(settings.timeouts().startup(), settings.logDir())), ServerPool.class);
    }

    /** The run's client (CLIENT rules): one per run, so that a client that cannot start fails the run once. */
    private static ClientUnderTest client(ExtensionContext context) {
        KitSettings settings = settings(context);
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(ClientUnderTest.class,
                key -> new ClientUnderTest(settings.client().orElseThrow(() -> new IllegalStateException(
                        "this check tests a client, and no client is set: " + KitSettings.CLIENT + " is missing")),
                        settings.logDir()), ClientUnderTest.class);
    }
}
