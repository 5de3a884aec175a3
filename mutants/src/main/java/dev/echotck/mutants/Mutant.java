package dev.echotck.mutants;

import java.util.List;
import java.util.function.Function;

import dev.echotck.reference.EchoServer;
import dev.echotck.reference.ServerOptions;

/**
 * A correct server with exactly one classic bug.
 *
 * @param name     the bug's name, as {@code --mutant NAME} takes it
 * @param killSet  the rule ids the suite must fail for it: each one, every run
 * @param story    where the bug comes from (a seed passage or a classic mistake)
 * @param fix      the fix, in one or two lines
 * @param factory  builds the server
 */
public record Mutant(String name, String language, List<String> killSet, String story, String fix,
                     Function<ServerOptions, EchoServer> factory) {

    public Mutant {
        killSet = List.copyOf(killSet);
    }
}
