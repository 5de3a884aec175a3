package dev.echotck.mutants;

import java.util.List;
import java.util.Optional;

/** The published catalog of mutants, in the order a learner meets them. */
public final class Mutants {

    /** The class the kit runs to start a Java mutant: {@code MutantMain NAME --port N}. */
    public static final String MAIN_CLASS = "dev.echotck.mutants.MutantMain";

    private static final List<Mutant> ALL = List.of(
            new Mutant("text-round-trip", "java", List.of("ECHO-1", "ECHO-2", "ECHO-4"),
                    "Reads bytes into a String and writes the String back: every byte above 0x7F is decoded as UTF-8 "
                            + "and replaced by U+FFFD, so binary data comes back corrupted while typed text looks fine.",
                    "Echo the bytes you read, never a decoded string.",
                    TextRoundTripServer::new),
            new Mutant("read-once-close", "java", List.of("ECHO-2", "ECHO-3", "ECHO-4", "ECHO-5"),
                    "Seed 001's first server: recv once, send the echo, close. A one-shot test passes; "
                            + "a client that sends a second request gets end of stream.",
                    "Loop: read and echo until read returns end of stream.",
                    ReadOnceServer::new),
            new Mutant("no-eof-after-half-close", "java", List.of("ECHO-5"),
                    "The connection is never closed after the client's EOF, as in a forked server whose parent keeps "
                            + "its copy of connfd (seeds 001 and 004): the echo arrives but the client never sees EOF.",
                    "Close the connection once read returns end of stream and the echo is written; in a forked "
                            + "server, the parent closes its copy of connfd right after fork.",
                    NoEofAfterHalfCloseServer::new));

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
