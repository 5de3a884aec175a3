package dev.echotck.mutants;

import java.util.List;

/** Mutants the CONC family catches. */
final class ConcurrencyMutants {

    static final List<Mutant> ALL = List.of();

    private ConcurrencyMutants() {
    }
}
