package dev.echotck.mutants;

import dev.echotck.reference.BlockingEchoServer;
import dev.echotck.reference.ServerOptions;

/**
 * Mutant shutdown-drops: to wake its threads blocked in read, the stop closes every connection
 * at once. The threads wake, but a thread that was still writing an echo loses it, and closing a
 * socket with unread input sends a reset that discards the echo in the send buffer too.
 *
 * <p>The connections are closed before the listener, so that by the time a new client is refused
 * (the sign SHUT-3 and SHUT-4 wait for) they are certainly gone: closed the other way round, a
 * client that reads or writes in the instant between the two closes could still be served.
 */
final class ShutdownDropsServer extends BlockingEchoServer {

    ShutdownDropsServer(ServerOptions options) {
        super(options);
    }

    @Override
    protected void stopAccepting() {
        closeConnections(); // BUG: no drain period, and close instead of shutting down the input
        super.stopAccepting();
    }
}
