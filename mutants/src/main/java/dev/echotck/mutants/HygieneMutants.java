package dev.echotck.mutants;

import java.util.List;

/** Mutants the HYG family catches. */
final class HygieneMutants {

    static final List<Mutant> ALL = List.of();

    private HygieneMutants() {
    }
}
