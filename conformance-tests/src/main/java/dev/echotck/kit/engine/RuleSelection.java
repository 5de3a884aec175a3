package dev.echotck.kit.engine;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

import dev.echotck.spec.Family;
import dev.echotck.spec.Profile;
import dev.echotck.spec.RuleCatalog;

/**
 * Which rules a run checks: a profile's families, narrowed by --only and --exclude, which take
 * rule ids (ECHO-5) or family prefixes (ECHO). Names that match nothing are an error, not an
 * empty run. A run checks servers or clients, as its profile does, never both: a CLIENT rule is
 * never selected for a server, nor a server rule for a client, and naming one in --only is an
 * error that says which command runs it.
 */
public record RuleSelection(Profile profile, Set<String> only, Set<String> exclude) implements PostDiscoveryFilter {

    public static RuleSelection of(Profile profile, String only, String exclude) {
        Set<String> onlyNames = names(only);
        List<String> otherSide = onlyNames.stream().filter(n -> checksClients(n) != profile.checksClients()).toList();
        if (!otherSide.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", otherSide) + (profile.checksClients()
                    ? " checks a server: run it with echotck run"
                    : " checks a client: run it with echotck run-client"));
        }
        return new RuleSelection(profile, onlyNames, names(exclude));
    }

    /** Whether a rule id or family name belongs to a family that checks clients. */
    static boolean checksClients(String name) {
        String family = name.contains("-") ? name.substring(0, name.indexOf('-')) : name;
        return Family.byPrefix(family).map(Family::checksClients).orElse(false);
    }

    /** Rule ids and family names, upper case, from a list like {@code "echo-5, CONC"}; an unknown name is an error. */
    static Set<String> names(String list) {
        if (list == null || list.isBlank()) {
            return Set.of();
        }
        Set<String> names = Arrays.stream(list.split("[,\\s]+")).filter(s -> !s.isBlank()).map(String::toUpperCase)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        RuleCatalog catalog = RuleCatalog.standard();
        List<String> unknown = names.stream()
                .filter(n -> !catalog.contains(n) && Family.byPrefix(n).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no rule or family named " + String.join(", ", unknown)
                    + " (see: echotck rules)");
        }
        return names;
    }

    /** The options that select these rules, as a user types them: {@code --profile core --only ECHO-5,CONC}. */
    public String cliOptions() {
        return "--profile " + profile.label() + (only.isEmpty() ? "" : " --only " + String.join(",", only))
                + (exclude.isEmpty() ? "" : " --exclude " + String.join(",", exclude));
    }

    public boolean includes(String ruleId) {
        String family = ruleId.substring(0, ruleId.indexOf('-'));
        boolean inProfile = profile.families().stream().anyMatch(f -> f.name().equals(family));
        boolean named = only.contains(ruleId) || only.contains(family);
        boolean excluded = exclude.contains(ruleId) || exclude.contains(family);
        boolean sameSide = checksClients(family) == profile.checksClients();
        return sameSide && (only.isEmpty() ? inProfile : named) && !excluded;
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        Optional<String> rule = ruleOf(descriptor);
        if (rule.isEmpty()) {
            return FilterResult.included("not a rule check");
        }
        return FilterResult.includedIf(includes(rule.get()), () -> "selected", () -> "not selected");
    }

    /** The rule a test descriptor checks, from its method's {@link RuleTest} annotation. */
    public static Optional<String> ruleOf(TestDescriptor descriptor) {
        return descriptor.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(RuleSelection::ruleOf).orElse(Optional.empty());
    }

    static Optional<String> ruleOf(MethodSource source) {
        try {
            return Optional.ofNullable(source.getJavaMethod().getAnnotation(RuleTest.class)).map(RuleTest::value);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
