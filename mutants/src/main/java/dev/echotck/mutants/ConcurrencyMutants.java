package dev.echotck.mutants;

import java.util.List;

/** Mutants the CONC family catches. */
final class ConcurrencyMutants {

    static final List<Mutant> ALL = List.of(
            Mutant.java("iterative", List.of("CONC-1", "CONC-2", "CONC-3", "CONC-6", "CONC-7"),
                    "Seed 004's fundamental flaw of iterative servers: accept one client, serve it until it leaves, "
                            + "then accept the next. \"Client 1: user goes out to lunch ... Client 2 blocks waiting to "
                            + "read from server.\" Correct with one telnet session, useless with two.",
                    "Serve each accepted connection on its own thread (or virtual thread, or process), or multiplex "
                            + "all connections with select/poll/epoll.",
                    IterativeServer::new),
            Mutant.java("fd-handoff-race", List.of("CONC-1", "CONC-4", "CONC-5"),
                    "Seed 000's pthread_create(&tinfo, &attr, serve_connection, &client_fd): every new thread gets "
                            + "the address of the one variable the accept loop overwrites. \"Suddenly, in the server's "
                            + "main thread, the accept returns and executes the client_fd = ret and now that thread has "
                            + "lost its socket descriptor forever.\" The Java mutant keeps the new connection in one "
                            + "shared field and its thread reads the field 20 ms after it starts (a slow thread start "
                            + "made certain): clients that connect within 20 ms of each other are served by two "
                            + "threads at once, or not at all.",
                    "Hand each thread its own connection: pass the socket (or, in C, a malloc'd copy of the "
                            + "descriptor that the thread frees), never the address of a variable the loop reuses.",
                    SharedClientFieldServer::new),
            Mutant.java("blocking-write-event-loop", List.of("CONC-3"),
                    "A single-threaded selector loop (seed 004's event-based server) that, when a write is short "
                            + "because the client's receive window is full, retries it until the whole echo is out. "
                            + "One client that sends and never reads stops the loop, and every other client with it.",
                    "On a short write keep the rest with the connection, switch its interest to OP_WRITE (EPOLLOUT) "
                            + "and stop reading from it until the rest is written; serve the other connections meanwhile.",
                    BlockingWriteEventLoopServer::new),
            Mutant.java("thread-pool-exhaustion", List.of("CONC-1", "CONC-2", "CONC-7"),
                    "Connections are served by a fixed pool of 4 threads (Executors.newFixedThreadPool(4)), each "
                            + "blocked in read on its client until the client leaves. Four idle clients occupy the "
                            + "whole pool; the fifth is accepted and then waits in the pool's queue, unserved.",
                    "Use a thread per connection (virtual threads make that cheap) or non-blocking I/O; a bounded "
                            + "pool only works when its tasks never block on a client.",
                    FixedPoolServer::new));

    private ConcurrencyMutants() {
    }
}
