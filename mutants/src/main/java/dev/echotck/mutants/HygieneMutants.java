package dev.echotck.mutants;

import java.util.List;

/** Mutants the HYG family catches. */
final class HygieneMutants {

    static final List<Mutant> ALL = List.of(
            Mutant.java("fd-leak", List.of("HYG-2"),
                    "Each connection is shut down (the client sees all its echo, then EOF) but never closed, so its "
                            + "file descriptor stays open: the server runs out of descriptors after about a thousand "
                            + "clients (the usual limit), with every connection looking fine to its client.",
                    "Close the socket (socket.close(), try-with-resources) on every path; shutdownOutput is not close.",
                    FdLeakServer::new),
            Mutant.java("thread-leak", List.of("HYG-3", "HYG-4"),
                    "After its client left and its socket is closed, the handler thread waits for a signal nobody "
                            + "sends, so one parked thread (and its stack) stays per client ever served: the Java cousin "
                            + "of seed 001's joinable threads that are never joined or detached.",
                    "Let the handler return when the connection is over; never wait for something nobody will send.",
                    ThreadLeakServer::new),
            Mutant.java("memory-per-connection", List.of("HYG-4"),
                    "Each client gets a 512 KiB buffer in a session table, and the entry is never removed when the "
                            + "client leaves: memory grows with every connection ever served until the heap is full.",
                    "Remove the session (or drop the buffer) when the connection ends, in a finally block.",
                    MemoryPerConnectionServer::new),
            Mutant.java("busy-loop-on-eof", List.of("HYG-2", "HYG-5"),
                    "Seed 001's thread handler breaks only when recv returns less than 0, so it spins on end of "
                            + "stream (0). The same bug in a one-thread event loop: the read handler ignores -1, the "
                            + "departed client's channel stays readable forever, select returns at once, again and "
                            + "again, and an idle server burns a whole core; the channel is never closed either.",
                    "When read returns -1, close the channel (which also removes it from the selector).",
                    BusyLoopOnEofServer::new));

    private HygieneMutants() {
    }
}
