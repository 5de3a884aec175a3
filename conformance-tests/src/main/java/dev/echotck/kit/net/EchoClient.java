package dev.echotck.kit.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * One client connection of a check. Every operation is bounded: reads by a deadline, writes by a
 * watchdog that closes the socket when a write blocks too long (a server that stops reading must
 * not block the kit). Failures to connect are reported as rule violations that say whether the
 * server died or simply is not listening.
 */
public final class EchoClient implements AutoCloseable {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "echotck-write-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ServerUnderTest server;

    private EchoClient(Socket socket, ServerUnderTest server) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.server = server;
    }

    public static EchoClient connect(ServerUnderTest server, Duration within) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(server.address(), (int) Math.max(1, within.toMillis()));
            return new EchoClient(socket, server);
        } catch (IOException e) {
            closeQuietly(socket);
            throw cannotConnect(server, e);
        }
    }

    static RuleViolation cannotConnect(ServerUnderTest server, IOException e) {
        String notice = server.deathNotice().orElse(null);
        if (notice != null) {
            return RuleViolation.because("cannot connect: " + notice).build();
        }
        return RuleViolation.because("cannot connect to " + server.describe() + ": " + e.getMessage())
                .likelyCause("the server is not listening any more (it may have closed its listening socket or stopped "
                        + "accepting), or its listen backlog is full")
                .build();
    }

    public Socket socket() {
        return socket;
    }

    /** Writes all bytes, or fails when the server has not taken them within the bound. */
    public void write(byte[] bytes, Duration within) throws IOException {
        write(bytes, 0, bytes.length, within);
    }

    public void write(byte[] bytes, int offset, int length, Duration within) throws IOException {
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> closeQuietly(socket), within.toMillis(), TimeUnit.MILLISECONDS);
        try {
            out.write(bytes, offset, length);
        } catch (SocketException e) {
            if (watchdog.isDone()) {
                throw new WriteStalledException(within);
            }
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    /** Reads until {@code count} bytes, end of stream, a reset, or the deadline; whichever first. */
    public ReadResult read(int count, Duration within) {
        return readInto(new ByteArrayOutputStream(count), count, within, within, false);
    }

    /**
     * Like {@link #read(int, Duration)}, but also gives up when no byte has arrived for
     * {@code stall}: a check that expects a quick echo need not wait out its whole bound for a
     * server that has visibly stopped.
     */
    public ReadResult read(int count, Duration within, Duration stall) {
        return readInto(new ByteArrayOutputStream(count), count, within, stall, false);
    }

    /** Reads until end of stream (or reset, or the deadline), keeping at most {@code limit} bytes. */
    public ReadResult readToEnd(int limit, Duration within) {
        return readInto(new ByteArrayOutputStream(), limit, within, within, true);
    }

    private ReadResult readInto(ByteArrayOutputStream received, int limit, Duration within, Duration stall,
                                boolean untilEnd) {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        byte[] buffer = new byte[64 * 1024];
        ReadResult.End end = ReadResult.End.COUNT;
        try {
            while (untilEnd || received.size() < limit) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    end = ReadResult.End.DEADLINE;
                    break;
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(stall.toMillis(), TimeUnit.NANOSECONDS.toMillis(left))));
                int want = untilEnd ? buffer.length : Math.min(buffer.length, limit - received.size());
                int n = in.read(buffer, 0, want);
                if (n < 0) {
                    end = ReadResult.End.EOF;
                    break;
                }
                received.write(buffer, 0, Math.min(n, Math.max(0, limit - received.size())));
            }
        } catch (SocketTimeoutException e) {
            end = ReadResult.End.DEADLINE;
        } catch (IOException e) {
            end = ReadResult.End.RESET;
        }
        return new ReadResult(received.toByteArray(), end, Duration.ofNanos(System.nanoTime() - start));
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Closes with SO_LINGER 0: the server gets a reset (RST), not an orderly end of stream. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    public ServerUnderTest server() {
        return server;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** A write did not complete within its bound: the server stopped reading from this client. */
    public static final class WriteStalledException extends IOException {
        WriteStalledException(Duration within) {
            super("a write did not complete within " + within.toMillis() + " ms: the server stopped reading");
        }
    }
}
