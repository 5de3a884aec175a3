package dev.echotck.mutants;

import dev.echotck.reference.ServerMain;

/** Starts a mutant like a reference server: {@code MutantMain NAME --port N}. */
public final class MutantMain {

    private MutantMain() {
    }

    public static void main(String[] args) {
        System.exit(ServerMain.run(name -> Mutants.find(name)
                .orElseThrow(() -> new IllegalArgumentException("no mutant '" + name + "'"))
                .factory(), args));
    }
}
