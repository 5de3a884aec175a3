package dev.echotck.mutants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.echotck.reference.ServerOptions;

/**
 * Mutant memory-per-connection: gives each client a large receive buffer in a session table and
 * never removes the entry, so every connection the server ever had keeps 512 KiB alive.
 */
final class MemoryPerConnectionServer extends ThreadPerClientServer {

    static final int SESSION_BUFFER = 512 * 1024;

    private final Map<SocketAddress, byte[]> sessions = new ConcurrentHashMap<>();

    MemoryPerConnectionServer(ServerOptions options) {
        super(options);
    }

    @Override
    void handle(Socket client) throws IOException {
        byte[] buffer = new byte[SESSION_BUFFER];
        sessions.put(client.getRemoteSocketAddress(), buffer); // BUG: never removed when the client leaves
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
            }
        }
    }
}
