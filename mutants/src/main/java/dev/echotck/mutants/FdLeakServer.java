package dev.echotck.mutants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.echotck.reference.ServerOptions;

/**
 * Mutant fd-leak: ends every connection properly as far as the client can tell (all the echo, then
 * EOF), but never closes the socket, so its file descriptor stays open for as long as the server runs.
 */
final class FdLeakServer extends ThreadPerClientServer {

    /** The finished sessions, kept "for statistics". Being reachable, no garbage collector closes them. */
    private final List<Socket> finished = new CopyOnWriteArrayList<>();

    FdLeakServer(ServerOptions options) {
        super(options);
    }

    @Override
    void handle(Socket client) throws IOException {
        finished.add(client);
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) != -1) {
            out.write(buffer, 0, n);
        }
        client.shutdownOutput(); // the client sees EOF...
        // BUG: ...but client.close() is never called: the descriptor leaks, one per connection
    }
}
