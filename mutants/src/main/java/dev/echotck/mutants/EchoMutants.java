package dev.echotck.mutants;

import java.util.List;

/** Mutants whose bug is in what comes back: the ECHO family catches them. */
final class EchoMutants {

    static final List<Mutant> ALL = List.of(
            Mutant.java("text-round-trip", List.of("ECHO-1", "ECHO-2", "ECHO-4"),
                    "Reads bytes into a String and writes the String back: every byte above 0x7F is decoded as UTF-8 "
                            + "and replaced by U+FFFD, so binary data comes back corrupted while typed text looks fine.",
                    "Echo the bytes you read, never a decoded string.",
                    TextRoundTripServer::new),
            Mutant.java("read-once-close", List.of("ECHO-2", "ECHO-3", "ECHO-4", "ECHO-5"),
                    "Seed 001's first server: recv once, send the echo, close. A one-shot test passes; "
                            + "a client that sends a second request gets end of stream.",
                    "Loop: read and echo until read returns end of stream.",
                    ReadOnceServer::new),
            Mutant.java("no-eof-after-half-close", List.of("ECHO-5"),
                    "The connection is never closed after the client's EOF, as in a forked server whose parent keeps "
                            + "its copy of connfd (seeds 001 and 004): the echo arrives but the client never sees EOF.",
                    "Close the connection once read returns end of stream and the echo is written; in a forked "
                            + "server, the parent closes its copy of connfd right after fork.",
                    NoEofAfterHalfCloseServer::new));

    private EchoMutants() {
    }
}
