package dev.echotck.mutants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

import dev.echotck.reference.ServerOptions;

/**
 * Mutant thread-leak: serves and closes each connection correctly, then its thread waits for a
 * "session done" signal that nobody ever sends, so one parked thread is left behind per client.
 */
final class ThreadLeakServer extends ThreadPerClientServer {

    ThreadLeakServer(ServerOptions options) {
        super(options);
    }

    @Override
    void handle(Socket client) throws IOException {
        CountDownLatch sessionDone = new CountDownLatch(1); // nobody ever counts it down
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
            }
        }
        try {
            sessionDone.await(); // BUG: the thread never ends; it should simply return here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
