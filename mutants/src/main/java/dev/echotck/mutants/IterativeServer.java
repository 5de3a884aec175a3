package dev.echotck.mutants;

import java.net.Socket;

import dev.echotck.reference.ServerOptions;

/**
 * Mutant iterative: accepts a client, serves it until it leaves, and only then accepts the next
 * (seed 000's first server, seed 004's "iterative server"). Correct for one client at a time.
 */
final class IterativeServer extends AcceptLoopServer {

    IterativeServer(ServerOptions options) {
        super(options);
    }

    @Override
    void dispatch(Socket client) {
        echo(client); // BUG: the accept loop waits here until this client leaves
    }
}
