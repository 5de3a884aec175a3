package dev.echotck.mutants;

import dev.echotck.reference.BlockingEchoServer;
import dev.echotck.reference.ServerOptions;

/**
 * Mutant shutdown-drops: to wake its threads blocked in read, the stop closes every connection
 * at once. The threads wake, but a thread that was still writing an echo loses it, and closing a
 * socket with unread input sends a reset that discards the echo in the send buffer too.
 */
final class ShutdownDropsServer extends BlockingEchoServer {

    ShutdownDropsServer(ServerOptions options) {
        super(options);
    }

    @Override
    protected void stopAccepting() {
        super.stopAccepting();
        closeConnections(); // BUG: no drain period, and close instead of shutting down the input
    }
}
