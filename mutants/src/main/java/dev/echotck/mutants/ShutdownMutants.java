package dev.echotck.mutants;

import java.util.List;

/** Mutants the SHUT family catches: each is the {@code blocking} reference with one step of its stop broken. */
final class ShutdownMutants {

    static final List<Mutant> ALL = List.of(
            Mutant.java("shutdown-hangs", List.of("SHUT-2"),
                    "Seed 002: on SIGTERM the server closes its listener and joins its client threads, but a thread "
                            + "blocked in read() wakes only when its client sends something or leaves; with an idle "
                            + "client connected the server never exits.",
                    "After the drain period, shut down the read side of every connection (shutdown(fd, SHUT_RD), "
                            + "Java: shutdownInput()): a blocked read returns end of stream; then join.",
                    ShutdownHangsServer::new),
            Mutant.java("shutdown-drops", List.of("SHUT-3", "SHUT-4", "SHUT-5"),
                    "To wake threads blocked in read(), the stop closes every connection at once: no drain period, "
                            + "the echo a thread was still writing is lost, and closing a socket with unread input "
                            + "sends a reset that discards the send buffer too.",
                    "Serve existing connections for the drain period, then shut down their read side (not close), "
                            + "let each thread write what it read and close.",
                    ShutdownDropsServer::new),
            Mutant.java("exit-nonzero-on-sigterm", List.of("SHUT-1", "SHUT-2", "SHUT-6"),
                    "The stop runs in a JVM shutdown hook and the signals keep the JVM's default handling: the stop "
                            + "is graceful, but the JVM then exits 143 on SIGTERM (130 on SIGINT), which a service "
                            + "manager reads as a crash.",
                    "Handle SIGTERM and SIGINT yourself (sun.misc.Signal, sigaction in C): start the stop, let main "
                            + "return, exit 0.",
                    ShutdownHookServer::new),
            Mutant.java("ignores-sigint", List.of("SHUT-6"),
                    "The stop is wired to SIGTERM only and SIGINT is ignored (SIG_IGN), as in a daemon template or "
                            + "a program started in the background by a script: Ctrl-C does nothing.",
                    "Install the same stop handler for SIGINT as for SIGTERM.",
                    IgnoresSigintServer::new),
            Mutant.java("keeps-accepting", List.of("SHUT-3"),
                    "The listening socket is closed last, when the drain period is over: meanwhile new clients are "
                            + "accepted, and cut off a moment later, instead of being refused and retrying elsewhere.",
                    "Close the listening socket first, as soon as the stop begins.",
                    KeepsAcceptingServer::new),
            Mutant.java("no-reuseaddr", List.of("SHUT-7"),
                    "The listening socket does not set SO_REUSEADDR (the default in C): after a stop that closed "
                            + "live connections, they wait in TIME_WAIT for 60 s and a restart fails with "
                            + "\"Address already in use\".",
                    "setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) before bind (Java: "
                            + "setReuseAddress(true)).",
                    NoReuseAddressServer::new));

    private ShutdownMutants() {
    }
}
