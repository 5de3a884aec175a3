package dev.echotck.kit.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * N connections to a server, each of which has echoed one line and is then left idle, for the
 * idle mode's "memory per connection". The echo matters: a server has not paid for a connection
 * until it serves it (a thread-per-client server starts the thread, a forking one the child, only
 * after accept), and a connection still in the listen backlog costs the server nothing.
 *
 * <p>Opened by a few threads at once (a forking server starts its children one after the other
 * anyway), with plain blocking sockets: this is no load, only a count of who got served.
 */
final class IdleConnections implements AutoCloseable {

    /** Connections being opened at once. */
    private static final int OPENERS = 8;

    /** How a connection's line went. */
    enum Outcome {
        /** Its line came back whole. */
        SERVED,
        /** The connect failed: refused, or no room in the backlog. */
        REFUSED,
        /** The server closed or reset it before the line came back: turned away (a full server). */
        CLOSED,
        /** Nothing came back within the bound. */
        SILENT,
        /** Other bytes came back. */
        WRONG
    }

    private final InetSocketAddress server;
    private final Socket[] sockets;
    private final Outcome[] outcomes;
    private final String[] errors;

    private IdleConnections(InetSocketAddress server, int count) {
        this.server = server;
        this.sockets = new Socket[count];
        this.outcomes = new Outcome[count];
        this.errors = new String[count];
    }

    /**
     * Opens {@code count} connections, each echoing one line, all within {@code bound} (a forking
     * server whose children are JVMs needs about 0.1 s per child on a busy 2-core machine).
     */
    static IdleConnections open(InetSocketAddress server, int count, Duration bound) throws InterruptedException {
        IdleConnections connections = new IdleConnections(server, count);
        long deadline = System.nanoTime() + bound.toNanos();
        connections.forEach(id -> connections.openOne(id, deadline));
        return connections;
    }

    /**
     * Echoes one more line on every connection that was served: a server with an idle timeout, or
     * one that dropped connections while they sat idle, shows here. Returns how many failed.
     */
    int recheck(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        int[] lost = new int[1];
        forEach(id -> {
            if (outcomes[id] == Outcome.SERVED && exchange(id, "again " + id, deadline) != Outcome.SERVED) {
                synchronized (lost) {
                    lost[0]++;
                }
            }
        });
        return lost[0];
    }

    int count() {
        return outcomes.length;
    }

    int count(Outcome outcome) {
        return (int) Arrays.stream(outcomes).filter(o -> o == outcome).count();
    }

    /** What went wrong, for the first few connections that were not served: "connection 257: end of stream before the echo". */
    List<String> errors(int max) {
        List<String> found = new ArrayList<>();
        for (int id = 0; id < errors.length && found.size() < max; id++) {
            if (errors[id] != null) {
                found.add("connection " + id + ": " + errors[id]);
            }
        }
        return found;
    }

    @Override
    public void close() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    private void openOne(int id, long deadline) {
        Socket socket = new Socket();
        sockets[id] = socket;
        try {
            socket.connect(server, (int) Math.max(1, remainingMillis(deadline)));
        } catch (IOException e) {
            outcomes[id] = Outcome.REFUSED;
            errors[id] = "connect failed: " + message(e);
            return;
        }
        outcomes[id] = exchange(id, "idle " + id, deadline);
    }

    /** Writes a line and reads its echo; records what went wrong. */
    private Outcome exchange(int id, String text, long deadline) {
        byte[] line = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        Socket socket = sockets[id];
        try {
            socket.getOutputStream().write(line);
            byte[] echo = new byte[line.length];
            InputStream in = socket.getInputStream();
            for (int got = 0; got < echo.length; ) {
                socket.setSoTimeout((int) Math.max(1, remainingMillis(deadline)));
                int n = in.read(echo, got, echo.length - got);
                if (n < 0) {
                    throw new EOFException("end of stream before the echo (after " + got + " of " + echo.length + " bytes)");
                }
                got += n;
            }
            if (!Arrays.equals(echo, line)) {
                errors[id] = "sent " + quoted(line) + ", got " + quoted(echo);
                return Outcome.WRONG;
            }
            return Outcome.SERVED;
        } catch (SocketTimeoutException e) {
            errors[id] = "no echo of '" + text + "' within the bound";
            return Outcome.SILENT;
        } catch (IOException e) {
            errors[id] = message(e);
            return Outcome.CLOSED;
        }
    }

    private interface Task {
        void run(int id);
    }

    private void forEach(Task task) throws InterruptedException {
        try (ExecutorService openers = Executors.newFixedThreadPool(Math.min(OPENERS, outcomes.length))) {
            List<Future<?>> done = new ArrayList<>();
            for (int id = 0; id < outcomes.length; id++) {
                int connection = id;
                done.add(openers.submit(() -> task.run(connection)));
            }
            for (Future<?> future : done) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("opening idle connections failed", e.getCause());
                }
            }
        }
    }

    private static long remainingMillis(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000;
    }

    private static String message(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String quoted(byte[] bytes) {
        return "'" + new String(bytes, StandardCharsets.US_ASCII).replace("\n", "\\n") + "'";
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
        }
    }
}
