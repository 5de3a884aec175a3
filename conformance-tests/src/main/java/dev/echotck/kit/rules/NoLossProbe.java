package dev.echotck.kit.rules;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import org.opentest4j.TestAbortedException;

import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.process.Signals;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * SHUT-4: bytes the server had read before SIGTERM all come back. "Had read" is made exact: the
 * client writes without reading until its writes stall, so the server is stuck writing echo the
 * client does not take, holding bytes it has read. Once nothing moves, the connection's queues in
 * /proc/net/tcp say how many of the bytes written are still in the client's send queue or the
 * server's receive queue; every other byte has been read by the server. A non-blocking channel
 * makes the count of bytes written exact too (a blocking write that stalls halfway says nothing).
 */
final class NoLossProbe {

    private static final long CAP = 64L << 20; // a server that buffers without bound never stalls the writer
    private static final Duration STALL = Duration.ofMillis(300);
    private static final Duration FROZEN = Duration.ofMillis(100);
    private static final Duration SETUP = Duration.ofSeconds(30);
    private static final Duration ECHO = Duration.ofSeconds(5);

    private final ServerUnderTest server;
    private final RuleContext rule;

    NoLossProbe(ServerUnderTest server, RuleContext rule) {
        this.server = server;
        this.rule = rule;
    }

    /** What the server had read, from the two ends of the connection, once nothing moved. */
    private record Queues(long clientUnsent, long serverUnread) {
    }

    void run() throws IOException {
        Timeouts t = rule.timeouts();
        try (SocketChannel channel = connect(t); Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
            int local = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            int remote = server.address().getPort();

            long deadline = System.nanoTime() + t.within(SETUP).toNanos();
            long written = 0;
            Queues frozen = null;
            while (frozen == null) {
                written = writeUntilStalled(channel, selector, written, t.quietFor(STALL));
                Queues before = queues(local, remote);
                sleep(t.quietFor(FROZEN));
                Queues after = queues(local, remote);
                if (before.equals(after)) {
                    frozen = after;
                } else if (System.nanoTime() - deadline > 0) {
                    throw new TestAbortedException("the server kept reading slowly for " + t.describe(SETUP)
                            + ": the kit could not catch it holding unechoed bytes");
                }
            }
            long hadRead = written - frozen.clientUnsent() - frozen.serverUnread();

            channel.shutdownOutput();
            ServerStop stop = ServerStop.send(server, Signals.SIGTERM);
            // The client reads only once the stop has begun (the listener refuses, SHUT-3's sign), so the server
            // still holds the bytes when it stops: reading at once, the client would take the echo before the
            // server even sees the signal, and a stop that loses held bytes would pass whenever it is slow to react.
            // A server that keeps its listener open (SHUT-3's fault, not this rule's) is read after the bound.
            NewConnections.Refusal refusal = NewConnections.awaitRefused(server, stop.sentAtNanos(),
                    t.within(ShutdownRules.REFUSED));
            key.interestOps(SelectionKey.OP_READ);
            Echo echo = readEcho(channel, selector, stop, t.within(ECHO));

            String before = "before SIGTERM the client had written " + written + " bytes without reading, until its "
                    + "writes stalled; " + frozen.clientUnsent() + " of them were still in the client's send queue and "
                    + frozen.serverUnread() + " in the server's receive queue (/proc/net/tcp), so the server had read "
                    + "exactly " + hadRead + "; then the client half-closed, and started reading "
                    + (refusal.refused() ? "once a new connection was refused, " + ServerStop.seconds(
                    refusal.elapsed().toNanos()) + " after the signal" : "after " + ServerStop.seconds(
                    refusal.elapsed().toNanos()) + " (no new connection was refused)");
            if (echo.mismatchAt() >= 0) {
                throw RuleViolation.because("the echo differs from what was sent at offset " + echo.mismatchAt())
                        .evidence(before)
                        .evidence("after SIGTERM the client received " + echo.received() + " bytes; from offset "
                                + echo.mismatchAt() + " they are not the bytes sent there")
                        .likelyCause("the stop mixes up or overwrites buffers: echo written twice, or a buffer reused "
                                + "while its echo was still pending")
                        .build();
            }
            if (echo.received() < hadRead) {
                throw RuleViolation.because((hadRead - echo.received()) + " bytes the server had read before SIGTERM "
                                + "were never echoed")
                        .evidence(before)
                        .evidence("after SIGTERM the client received " + echo.received() + " bytes, then "
                                + describe(echo.end()) + " " + echo.endAfter() + " after the signal")
                        .likelyCause(cause(echo.end()))
                        .build();
            }
        }
    }

    private SocketChannel connect(Timeouts t) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.socket().connect(server.address(), (int) t.within(ShutdownRules.CONNECT).toMillis());
            return channel;
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing left to release
                }
            }
            throw RuleViolation.because("cannot connect: " + server.deathNotice().orElse(e.getMessage())).build();
        }
    }

    /** Writes the line stream on from {@code written} until no write is possible for {@code stall}; the new total. */
    private static long writeUntilStalled(SocketChannel channel, Selector selector, long written, Duration stall)
            throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024).limit(0);
        long total = written;
        while (true) {
            if (!chunk.hasRemaining()) {
                int length = (int) Math.min(chunk.capacity(), CAP - total);
                if (length == 0) {
                    return total;
                }
                LineStream.fill(chunk.array(), total, length);
                chunk.position(0).limit(length);
            }
            int n = channel.write(chunk);
            total += n;
            if (n == 0) {
                selector.selectedKeys().clear();
                if (selector.select(Math.max(1, stall.toMillis())) == 0) {
                    return total; // not writable for the whole span: the server has stopped taking bytes
                }
            }
        }
    }

    private static Queues queues(int local, int remote) {
        TcpSockets sockets = TcpSockets.read().orElseThrow(() -> new TestAbortedException(
                "needs /proc/net/tcp to see how many bytes the server has read (Linux only)"));
        Optional<TcpSockets.Entry> client = sockets.connection(local, remote);
        Optional<TcpSockets.Entry> serverEnd = sockets.connection(remote, local);
        if (client.isEmpty() || serverEnd.isEmpty()) {
            throw new TestAbortedException("the connection is not in this network namespace's /proc/net/tcp, so the kit "
                    + "cannot see how many bytes the server has read");
        }
        return new Queues(client.get().txQueue(), serverEnd.get().rxQueue());
    }

    private record Echo(long received, long mismatchAt, ReadResult.End end, String endAfter) {
    }

    /** Reads until end of stream, a reset or the deadline, comparing every byte with the stream sent. */
    private static Echo readEcho(SocketChannel channel, Selector selector, ServerStop stop, Duration within)
            throws IOException {
        long deadline = stop.sentAtNanos() + within.toNanos();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        byte[] expected = new byte[buffer.capacity()];
        long received = 0;
        while (true) {
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                return new Echo(received, -1, ReadResult.End.RESET, stop.sinceSignal());
            }
            if (n < 0) {
                return new Echo(received, -1, ReadResult.End.EOF, stop.sinceSignal());
            }
            if (n > 0) {
                LineStream.fill(expected, received, n);
                int mismatch = Arrays.mismatch(buffer.array(), 0, n, expected, 0, n);
                if (mismatch >= 0) {
                    return new Echo(received + n, received + mismatch, ReadResult.End.COUNT, stop.sinceSignal());
                }
                received += n;
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Echo(received, -1, ReadResult.End.DEADLINE, stop.sinceSignal());
            }
            selector.selectedKeys().clear();
            selector.select(Math.max(1, left / 1_000_000));
        }
    }

    private static String describe(ReadResult.End end) {
        return switch (end) {
            case RESET -> "a reset (connection reset by the server)";
            case EOF -> "end of stream";
            case DEADLINE, COUNT -> "nothing more";
        };
    }

    private static String cause(ReadResult.End end) {
        return switch (end) {
            case RESET -> "your stop closes the connection at once, while its thread still holds echo and the kernel "
                    + "still holds unread input: on Linux closing a socket with unread input sends a reset, which "
                    + "also discards the echo in the send buffer. Shut down the read side instead (shutdown(fd, SHUT_RD), "
                    + "Java: shutdownInput()), let the thread write what it read, then close";
            case EOF -> "the connection was closed without the echo of what had been read: the thread that was writing "
                    + "it was killed or abandoned (pthread_cancel, a daemon thread, exit before the join), or an event "
                    + "loop closed a connection that still had pending echo";
            case DEADLINE, COUNT -> "after the stop the server no longer writes the echo it holds, but keeps the "
                    + "connection open: keep serving existing connections during the drain period";
        };
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The payload: fixed-width numbered lines ("SHUT-4 00000001\n"), so any offset's bytes can be regenerated. */
    static final class LineStream {

        static final int LINE = 16;
        private static final byte[] PREFIX = "SHUT-4 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        private LineStream() {
        }

        /** Writes the stream's bytes {@code [offset, offset + length)} into {@code dst[0, length)}. */
        static void fill(byte[] dst, long offset, int length) {
            byte[] line = new byte[LINE];
            System.arraycopy(PREFIX, 0, line, 0, PREFIX.length);
            line[LINE - 1] = '\n';
            int done = 0;
            while (done < length) {
                long position = offset + done;
                long number = position / LINE + 1;
                for (int i = LINE - 2; i >= PREFIX.length; i--, number /= 10) {
                    line[i] = (byte) ('0' + number % 10);
                }
                int from = (int) (position % LINE);
                int n = Math.min(LINE - from, length - done);
                System.arraycopy(line, from, dst, done, n);
                done += n;
            }
        }
    }
}
