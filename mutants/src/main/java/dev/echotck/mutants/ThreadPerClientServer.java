package dev.echotck.mutants;

import java.io.IOException;
import java.net.Socket;

import dev.echotck.reference.BlockingEchoServer;
import dev.echotck.reference.ServerOptions;

/**
 * The accept loop and shutdown of a correct thread-per-client server (the {@code blocking}
 * reference's, inherited, not copied); a mutant supplies only its buggy connection handler, so
 * the bug is all a reader has to look at. Each connection runs {@link #handle} on a platform
 * thread of its own; a connection the handler leaves open is closed when the server stops.
 */
abstract class ThreadPerClientServer extends BlockingEchoServer {

    ThreadPerClientServer(ServerOptions options) {
        super(options);
    }

    /** Serves one connection; closing it (or not) is the handler's business. */
    abstract void handle(Socket client) throws IOException;

    @Override
    protected final void serveConnection(Socket client) throws IOException {
        handle(client);
    }
}
