package dev.echotck.mutants;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.echotck.reference.EchoServer;
import dev.echotck.reference.ServerOptions;

/**
 * The accept loop and shutdown of a correct thread-per-client server; a mutant supplies only its
 * buggy connection handler, so the bug is all a reader has to look at.
 */
abstract class ThreadPerClientServer implements EchoServer {

    private final ServerOptions options;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private ServerSocket listener;

    ThreadPerClientServer(ServerOptions options) {
        this.options = options;
    }

    /** Serves one connection; closing it (or not) is the handler's business. */
    abstract void handle(Socket client) throws IOException;

    @Override
    public void bind() throws IOException {
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(options.bind()), options.port()), 512);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    @Override
    public void serve() {
        while (!stopping) {
            try {
                Socket client = listener.accept();
                connections.add(client);
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        handle(client);
                    } catch (IOException ignored) {
                        // this connection is over
                    }
                });
            } catch (IOException e) {
                if (stopping) {
                    break;
                }
                afterAcceptFailed();
            }
        }
        connections.forEach(socket -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // shutting down
            }
        });
    }

    /**
     * Out of file descriptors (EMFILE) the pending connection stays queued and the next accept fails
     * at once: pause instead of spinning (rule ROB-5), as the reference servers do.
     */
    void afterAcceptFailed() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        stopping = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // shutting down
        }
    }
}
