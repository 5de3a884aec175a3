package dev.echotck.mutants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import dev.echotck.reference.ServerOptions;

/**
 * Mutant no-eof-after-half-close: echoes correctly but never closes the connection, which is what
 * a client of a forked server sees when the parent keeps its copy of the connected socket.
 */
final class NoEofAfterHalfCloseServer extends ThreadPerClientServer {

    NoEofAfterHalfCloseServer(ServerOptions options) {
        super(options);
    }

    @Override
    void handle(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) != -1) {
            out.write(buffer, 0, n);
        }
        // BUG: the socket stays open (closed only when the server stops)
    }
}
