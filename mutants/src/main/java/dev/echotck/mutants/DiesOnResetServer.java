package dev.echotck.mutants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import dev.echotck.reference.ServerOptions;

/** Mutant dies-on-reset: a failed read (a client reset its connection) ends the whole server. */
final class DiesOnResetServer extends ThreadPerClientServer {

    DiesOnResetServer(ServerOptions options) {
        super(options);
    }

    @Override
    void handle(Socket client) throws IOException {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    System.err.println("read failed: " + e.getMessage());
                    System.exit(1); // BUG: one client's reset is not the server's failure
                    return;
                }
                if (n == -1) {
                    return;
                }
                out.write(buffer, 0, n);
            }
        }
    }
}
