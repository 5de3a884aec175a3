package dev.echotck.mutants;

import java.util.List;

/** Mutants the ROB family catches. */
final class RobustnessMutants {

    static final List<Mutant> ALL = List.of();

    private RobustnessMutants() {
    }
}
