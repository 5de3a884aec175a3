package dev.echotck.mutants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import dev.echotck.reference.ServerOptions;

/** Mutant read-once-close: one read, one echo, close (seed 001's iterative echo). */
final class ReadOnceServer extends ThreadPerClientServer {

    ReadOnceServer(ServerOptions options) {
        super(options);
    }

    @Override
    void handle(Socket client) throws IOException {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n = in.read(buffer); // BUG: no loop
            if (n > 0) {
                out.write(buffer, 0, n);
            }
        }
    }
}
