package dev.echotck.mutants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import dev.echotck.reference.ServerOptions;

/**
 * Mutant slow-client-blocks: each line is handled as one unit under a server-wide lock (say, to keep
 * lines whole in a shared transcript), taken at a line's first byte and released at its newline.
 * A client that types slowly holds the lock while it types, and every other client waits.
 */
final class SlowClientBlocksServer extends ThreadPerClientServer {

    private static final Object LINE_LOCK = new Object();

    SlowClientBlocksServer(ServerOptions options) {
        super(options);
    }

    @Override
    void handle(Socket client) throws IOException {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                synchronized (LINE_LOCK) {
                    out.write(buffer, 0, n);
                    // BUG: waits for the rest of the line from this client while holding the lock
                    while (buffer[n - 1] != '\n' && (n = in.read(buffer)) != -1) {
                        out.write(buffer, 0, n);
                    }
                }
                if (n == -1) {
                    return;
                }
            }
        }
    }
}
