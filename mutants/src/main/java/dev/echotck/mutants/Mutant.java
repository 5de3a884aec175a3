package dev.echotck.mutants;

import java.util.List;
import java.util.function.Function;

import dev.echotck.reference.EchoServer;
import dev.echotck.reference.ServerOptions;

/**
 * A correct server, or a correct client, with exactly one classic bug.
 *
 * @param name     the bug's name, as {@code --mutant NAME} takes it
 * @param language "java" or "c"
 * @param killSet  exactly the rules the suite fails for it, every run: no fewer (the bug is caught)
 *                 and no more (each rule fails for its own reason only)
 * @param story    where the bug comes from (a seed passage or a classic mistake)
 * @param fix      the fix, in one or two lines
 * @param factory  builds a Java mutant; null for a C mutant
 * @param cSource  a C mutant's source file in {@code mutants/c/}: a correct server whose bugs sit
 *                 behind {@code #ifdef BUG_...}, so the bug and its fix read side by side
 * @param cDefine  the one {@code BUG_...} macro this mutant is compiled with
 * @param client   a client, checked with {@code run-client} against the CLIENT rules; a server otherwise
 * @param program  a Java client mutant's program; null otherwise
 */
public record Mutant(String name, String language, List<String> killSet, String story, String fix,
                     Function<ServerOptions, EchoServer> factory, String cSource, String cDefine,
                     boolean client, ClientProgram program) {

    public Mutant {
        killSet = List.copyOf(killSet);
    }

    public static Mutant java(String name, List<String> killSet, String story, String fix,
                              Function<ServerOptions, EchoServer> factory) {
        return new Mutant(name, "java", killSet, story, fix, factory, null, null, false, null);
    }

    /** A Java client mutant: the kit runs {@code ClientMutantMain NAME HOST PORT}. */
    public static Mutant javaClient(String name, List<String> killSet, String story, String fix, ClientProgram program) {
        return new Mutant(name, "java", killSet, story, fix, null, null, null, true, program);
    }

    /** A C mutant: {@code source} compiled with {@code -D<define>}; its binary takes the port as argv[1]. */
    public static Mutant c(String name, String source, String define, List<String> killSet, String story, String fix) {
        return new Mutant(name, "c", killSet, story, fix, null, source, define, false, null);
    }

    /** A C client mutant: {@code source} compiled with {@code -D<define>}; its binary takes host and port as argv[1], argv[2]. */
    public static Mutant cClient(String name, String source, String define, List<String> killSet, String story, String fix) {
        return new Mutant(name, "c", killSet, story, fix, null, source, define, true, null);
    }

    public boolean isNative() {
        return cSource != null;
    }

    /** The classpath resource holding a C mutant's source. */
    public String nativeSource() {
        return "/dev/echotck/mutants/c/" + cSource;
    }
}
