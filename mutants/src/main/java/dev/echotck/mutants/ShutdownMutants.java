package dev.echotck.mutants;

import java.util.List;

/** Mutants the SHUT family catches. */
final class ShutdownMutants {

    static final List<Mutant> ALL = List.of();

    private ShutdownMutants() {
    }
}
