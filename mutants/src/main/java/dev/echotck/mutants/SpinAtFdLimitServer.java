package dev.echotck.mutants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import dev.echotck.reference.ServerOptions;

/**
 * Mutant spin-at-fd-limit: a correct echo handler, but the accept loop retries at once after a
 * failed accept. Out of descriptors, accept fails with EMFILE again and again while the waiting
 * connection stays queued: a core burns until a descriptor frees up.
 */
final class SpinAtFdLimitServer extends ThreadPerClientServer {

    SpinAtFdLimitServer(ServerOptions options) {
        super(options);
    }

    @Override
    protected void afterAcceptFailed() {
        // BUG: no pause; the next accept fails at once for as long as the server is out of descriptors
    }

    @Override
    void handle(Socket client) throws IOException {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
            }
        }
    }
}
