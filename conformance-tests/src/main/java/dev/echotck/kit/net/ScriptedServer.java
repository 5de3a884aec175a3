package dev.echotck.kit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server the kit runs in its own JVM to check a client: it listens on a loopback port, accepts
 * connections and plays a {@link Script} on each, one that echoes or one that misbehaves on purpose
 * (closes after some bytes, holds the echo back until the client's half-close, never replies),
 * recording everything in a {@link ScriptedConnection} for evidence. For the CLIENT rules it is
 * what the server under test is for the others, except that the kit wrote it and knows it is right.
 */
public final class ScriptedServer implements AutoCloseable {

    /** What the server does with one connection; it records what it receives, sends and sees end. */
    @FunctionalInterface
    public interface Script {
        void play(Socket socket, ScriptedConnection connection) throws IOException, InterruptedException;
    }

    private final ServerSocket listener;
    private final Script script;
    private final List<ScriptedConnection> connections = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private ScriptedServer(ServerSocket listener, Script script) {
        this.listener = listener;
        this.script = script;
    }

    /** Listens on a free loopback port and serves every connection with {@code script}. */
    public static ScriptedServer start(String name, Script script) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ScriptedServer server = new ScriptedServer(listener, script);
        Thread.ofPlatform().daemon().name("echotck-" + name + "-" + listener.getLocalPort()).start(server::acceptLoop);
        return server;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** The first connection, once it has been accepted; empty if none came within the bound. */
    public Optional<ScriptedConnection> awaitConnection(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return connections.isEmpty() ? Optional.empty() : Optional.of(connections.get(0));
    }

    public int connectionCount() {
        return connections.size();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                ScriptedConnection connection = new ScriptedConnection();
                sockets.add(socket);
                connections.add(connection);
                Thread.ofPlatform().daemon().name("echotck-script-" + socket.getPort()).start(() -> {
                    try {
                        script.play(socket, connection);
                    } catch (IOException | InterruptedException e) {
                        // the kit closed the server, or the client reset: recorded by the script
                    }
                });
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        sockets.forEach(ScriptedServer::closeQuietly);
    }

    // ---- scripts ----

    /** An echo server: echoes every byte as it arrives, and closes after the client's end of stream. */
    public static Script echo() {
        return (socket, connection) -> {
            try (socket) {
                copyUntilEnd(socket, connection, Integer.MAX_VALUE);
            }
            connection.serverClosed();
        };
    }

    /** Echoes until it has received and echoed {@code bytes} bytes, then closes the connection (FIN). */
    public static Script echoThenClose(int bytes) {
        return (socket, connection) -> {
            try (socket) {
                copyUntilEnd(socket, connection, bytes);
            }
            connection.serverClosed();
        };
    }

    /**
     * Reads until the client's end of stream, then sends the echo of everything in {@code pieces}
     * writes, {@code pause} apart, and closes: the replies a client must still print after its
     * input ended.
     */
    public static Script echoAfterEndOfInput(int pieces, Duration pause) {
        return (socket, connection) -> {
            try (socket) {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[16 * 1024];
                int n;
                try {
                    while ((n = in.read(buffer)) > 0) {
                        connection.received(buffer, n);
                    }
                    connection.clientEnded("end of stream");
                } catch (IOException e) {
                    connection.clientEnded("reset (" + e.getMessage() + ")");
                    return;
                }
                byte[] all = connection.received();
                OutputStream out = socket.getOutputStream();
                try {
                    for (int i = 0; i < pieces; i++) {
                        if (i > 0) {
                            Thread.sleep(pause);
                        }
                        int from = all.length * i / pieces;
                        int to = all.length * (i + 1) / pieces;
                        out.write(all, from, to - from);
                        connection.sent(all, from, to - from);
                    }
                } catch (IOException e) {
                    connection.writeFailed(e);
                }
            } finally {
                connection.serverClosed();
            }
        };
    }

    /** Reads and records everything, never writes and never closes (until the kit closes the server). */
    public static Script silent() {
        return (socket, connection) -> {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            try {
                while ((n = in.read(buffer)) > 0) {
                    connection.received(buffer, n);
                }
                connection.clientEnded("end of stream");
            } catch (IOException e) {
                connection.clientEnded("reset (" + e.getMessage() + ")");
            }
            while (!socket.isClosed()) { // hold the connection open: the client must not wait for its close
                Thread.sleep(50);
            }
        };
    }

    /** Echoes until {@code limit} bytes were echoed (then returns) or the client's side ends. */
    private static void copyUntilEnd(Socket socket, ScriptedConnection connection, int limit) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int total = 0;
        try {
            int n;
            while (total < limit && (n = in.read(buffer)) > 0) {
                connection.received(buffer, n);
                total += n;
                try {
                    out.write(buffer, 0, n);
                    connection.sent(buffer, 0, n);
                } catch (IOException e) {
                    connection.writeFailed(e);
                    return;
                }
            }
            if (total < limit) {
                connection.clientEnded("end of stream");
            }
        } catch (IOException e) {
            connection.clientEnded("reset (" + e.getMessage() + ")");
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // the kit is done with it
        }
    }
}
