package dev.echotck.mutants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.echotck.reference.EchoServer;
import dev.echotck.reference.ServerOptions;

/**
 * A correct accept loop and a correct echo loop; a mutant supplies only how an accepted
 * connection gets to the code that serves it ({@link #dispatch}), which is where the concurrency
 * bugs of the seeds live: serving it inline (one client at a time), through a shared field (seed
 * 000's {@code &client_fd}), or through a fixed pool of threads.
 */
abstract class AcceptLoopServer implements EchoServer {

    private final ServerOptions options;
    /** Every accepted connection until it is closed: stop() wakes their readers with end of stream. */
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private ServerSocket listener;

    AcceptLoopServer(ServerOptions options) {
        this.options = options;
    }

    /** Hands an accepted connection to whatever serves it; {@link #echo} is the correct way to serve it. */
    abstract void dispatch(Socket client);

    /** After the accept loop ends: let whatever dispatch started finish. */
    void awaitHandlers() throws InterruptedException {
    }

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
    public void serve() throws InterruptedException {
        while (!stopping) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (stopping) {
                    break;
                }
                continue;
            }
            connections.add(client);
            if (stopping) {
                shutdownInput(client);
            }
            dispatch(client);
        }
        awaitHandlers();
        connections.forEach(AcceptLoopServer::closeQuietly);
    }

    /** The correct echo loop: read, write back everything read, until end of stream; then close. */
    final void echo(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the client reset or vanished: this connection is over, the server is not
        } finally {
            connections.remove(client);
        }
    }

    @Override
    public void stop() {
        stopping = true;
        closeQuietly(listener);
        connections.forEach(AcceptLoopServer::shutdownInput);
    }

    private static void shutdownInput(Socket socket) {
        try {
            socket.shutdownInput();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort during shutdown
        }
    }
}
