package dev.echotck.mutants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import dev.echotck.reference.ServerOptions;

/**
 * Mutant dies-on-epipe: a failed write (the client closed or reset while its echo was being written)
 * ends the whole server. Java ignores SIGPIPE and throws "Broken pipe"; this is what a C server
 * without {@code signal(SIGPIPE, SIG_IGN)} does by default.
 */
final class DiesOnEpipeServer extends ThreadPerClientServer {

    DiesOnEpipeServer(ServerOptions options) {
        super(options);
    }

    @Override
    void handle(Socket client) throws IOException {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    System.err.println("write failed: " + e.getMessage());
                    System.exit(1); // BUG: the process dies, as a C server does of SIGPIPE
                }
            }
        }
    }
}
