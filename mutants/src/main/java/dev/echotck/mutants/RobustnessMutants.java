package dev.echotck.mutants;

import java.util.List;

/** Mutants the ROB family catches. */
final class RobustnessMutants {

    static final List<Mutant> ALL = List.of(
            Mutant.java("dies-on-reset", List.of("ROB-1"),
                    "A failed read ends the whole server: the handler calls System.exit when read throws \"Connection "
                            + "reset\", like a C server that calls perror and exit when recv fails (seed 001's handlers "
                            + "print perror on a failed recv; this one also exits). One client that resets its "
                            + "connection ends every other client's session.",
                    "A failed read ends that connection only: close it and let the thread return.",
                    DiesOnResetServer::new),
            Mutant.java("dies-on-epipe", List.of("ROB-2"),
                    "A failed write ends the whole server: the Java analogue of a C server killed by SIGPIPE when it "
                            + "writes to a client that has closed (seed 001's send without a check). Any client that "
                            + "leaves before reading its echo takes the server down.",
                    "A failed write ends that connection only; in C, also ignore SIGPIPE (or send with MSG_NOSIGNAL).",
                    DiesOnEpipeServer::new),
            Mutant.java("slow-client-blocks", List.of("ROB-4"),
                    "Lines are handled whole under one server-wide lock, taken at a line's first byte and released at "
                            + "its newline. A client that types slowly (seed 004's \"user goes out to lunch\") holds "
                            + "the lock while it types, and every other client waits for its echo.",
                    "Never wait for the network while holding a lock others need: echo what has arrived, and lock "
                            + "only around work that does not block.",
                    SlowClientBlocksServer::new),
            Mutant.java("spin-at-fd-limit", List.of("ROB-5"),
                    "The accept loop retries at once after a failed accept. Out of file descriptors, accept fails with "
                            + "EMFILE while the waiting connection stays queued, so the loop burns a whole core until "
                            + "a descriptor frees up.",
                    "After a failed accept, pause briefly (say 50 ms) before the next one.",
                    SpinAtFdLimitServer::new),
            Mutant.java("unbounded-buffering", List.of("ROB-6"),
                    "An event-loop server keeps reading from a connection whose echo it cannot write yet, and queues "
                            + "what it read. A client that sends and never reads grows the server's memory without "
                            + "limit: TCP flow control never gets a chance to stop it.",
                    "While a connection has echo pending, drop its read interest (OP_READ / EPOLLIN) until the echo "
                            + "is written: backpressure.",
                    UnboundedBufferingServer::new));

    private RobustnessMutants() {
    }
}
