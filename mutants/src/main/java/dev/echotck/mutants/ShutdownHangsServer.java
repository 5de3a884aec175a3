package dev.echotck.mutants;

import dev.echotck.reference.BlockingEchoServer;
import dev.echotck.reference.ServerOptions;

/**
 * Mutant shutdown-hangs: on stop it closes the listener, then waits for its client threads to
 * end. A thread blocked in read ends only when its client sends something or leaves, so with an
 * idle client the server never exits (seed 002).
 */
final class ShutdownHangsServer extends BlockingEchoServer {

    ShutdownHangsServer(ServerOptions options) {
        super(options);
    }

    @Override
    protected void finishConnections() throws InterruptedException {
        joinHandlers(); // BUG: nothing wakes the threads blocked in read (the reference shuts their input down)
    }
}
