package dev.echotck.mutants;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The published catalog of mutants. */
public final class Mutants {

    /** The class the kit runs to start a Java mutant: {@code MutantMain NAME --port N}. */
    public static final String MAIN_CLASS = "dev.echotck.mutants.MutantMain";
    /** The class the kit runs to start a Java client mutant: {@code ClientMutantMain NAME HOST PORT}. */
    public static final String CLIENT_MAIN_CLASS = "dev.echotck.mutants.ClientMutantMain";

    /** One list per family, each in its own file, in the order a learner meets them. */
    private static final List<Mutant> ALL = Stream.of(EchoMutants.ALL, ConcurrencyMutants.ALL, ShutdownMutants.ALL,
            HygieneMutants.ALL, RobustnessMutants.ALL, CMutants.ALL, ClientMutants.ALL).flatMap(List::stream).toList();

    private Mutants() {
    }

    public static List<Mutant> all() {
        return ALL;
    }

    public static Optional<Mutant> find(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The mutants whose kill set holds this rule: "explain" names them as examples of the failure. */
    public static List<Mutant> killedBy(String ruleId) {
        return ALL.stream().filter(m -> m.killSet().contains(ruleId)).toList();
    }
}
