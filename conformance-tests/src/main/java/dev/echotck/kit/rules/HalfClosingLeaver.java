package dev.echotck.kit.rules;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.process.TcpDiag;

/**
 * ROB-2's second way to leave: a client that sends lines without reading the echo, half-closes
 * ("that was my whole request"), and then closes with the echo unread, as a client does that gives
 * up, or is stopped, while a long reply is still coming.
 *
 * <p>Why it leaves at one precise moment: Linux gives the server's write a different error depending
 * on the state of the server's socket when the reset arrives (tcp_reset in net/ipv4/tcp_input.c). In
 * CLOSE_WAIT, once the client's FIN has arrived, the error is {@code EPIPE}, and a write that fails
 * with {@code EPIPE} raises {@code SIGPIPE}. Before the FIN it is {@code ECONNRESET}, which raises
 * nothing: a C server that does not ignore SIGPIPE but stops at its first failed write survives a
 * plain close (ROB-2's first client) every time. So this client closes only once the kernel shows,
 * through sock_diag ({@link TcpDiag}), that the server's end of the connection
 * <ul>
 *   <li>is in CLOSE_WAIT: all the client's lines and its FIN have arrived;</li>
 *   <li>still holds lines the server has not read;</li>
 *   <li>has a full send buffer with nothing in flight: the server is blocked writing echo, and nothing
 *       but the client reading can make room, which it never does.</li>
 * </ul>
 * Then whatever the server does next, finish the write it is blocked in or read and echo the lines
 * still queued, its write fails with {@code EPIPE}: the server is certain to meet the case.
 *
 * <p>How it gets there without reading: it writes a chunk at a time and looks at the server's socket
 * after each. While the server echoes, the echo fills the client's receive buffer, then the server's
 * send buffer; then the server blocks and the lines pile up, unread, in its receive queue. The client
 * stops writing once enough are piled up, far less than the receive window, so its FIN gets in at
 * once. Enough means: more than the server could still take once the FIN wakes it (a FIN wakes
 * every waiter on the socket) and lets its send buffer grow to its limit, tcp_wmem's maximum, plus a
 * segment it may still fill ({@link #TAIL}).
 */
final class HalfClosingLeaver {

    /** How the client left. */
    enum Outcome {
        /** as intended: reset in CLOSE_WAIT while the server is blocked with lines unread */
        RESET_IN_CLOSE_WAIT,
        /** the kit could not bring the server there; {@link #why()} says what it saw */
        NOT_SET_UP,
        /** the kernel does not answer sock_diag: the client did not run */
        NO_SOCK_DIAG
    }

    private static final int CHUNK = 16 * 1024;
    private static final byte[] LINES = Payloads.lines("echo this client leaves unread ", CHUNK);
    /** The most a writer the FIN woke may still append to the segment it was filling (a loopback segment). */
    static final long TAIL = 64 * 1024;
    /** How long the server's socket may take to take the FIN and settle once the client half-closed. */
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration WRITE = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 2;

    private final EchoClient client;
    private final Timeouts timeouts;
    private final InetSocketAddress clientEnd;
    private final InetSocketAddress serverEnd;
    private long written;
    private long needed;
    private Optional<TcpDiag.Socket> lastSeen = Optional.empty();
    private String why = "";

    HalfClosingLeaver(EchoClient client, Timeouts timeouts) {
        this.client = client;
        this.timeouts = timeouts;
        this.clientEnd = (InetSocketAddress) client.socket().getLocalSocketAddress();
        this.serverEnd = (InetSocketAddress) client.socket().getRemoteSocketAddress();
    }

    /**
     * Writes lines (at most {@code limit} bytes) until the server is blocked with enough of them
     * unread, half-closes, and waits for the FIN to settle in; then the caller closes. Gives up when
     * nothing moves for {@code stall} or after {@code total} (both scaled).
     */
    Outcome leave(long limit, Duration stall, Duration total) throws InterruptedException {
        if (!TcpDiag.available()) {
            return Outcome.NO_SOCK_DIAG;
        }
        long growTo = KernelBuffers.autotunedSendBufferMax();
        long stallNanos = timeouts.quietFor(stall).toNanos();
        long deadline = System.nanoTime() + timeouts.within(total).toNanos();
        long lastProgress = System.nanoTime();
        List<Long> lastState = List.of();
        while (true) {
            Optional<TcpDiag.Socket> seen = serverSide();
            lastSeen = seen;
            if (seen.isEmpty() || seen.get().state() != TcpDiag.ESTABLISHED) {
                why = "the server closed its end of the connection before the client half-closed";
                return Outcome.NOT_SET_UP;
            }
            TcpDiag.Socket server = seen.get();
            needed = Math.max(0, Math.max(growTo, server.sendBuffer()) - server.sendQueued()) + TAIL + 1;
            if (blocked(server) && server.unreadData() >= needed) {
                break;
            }
            long backlog = clientSide().map(TcpDiag.Socket::sendQueue).orElse(0L);
            if (server.unreadData() < needed && backlog < CHUNK && written < limit) {
                try {
                    client.write(LINES, 0, CHUNK, timeouts.within(WRITE));
                } catch (IOException e) {
                    why = "a write failed: " + e.getMessage(); // the server died or dropped the connection: the check says which
                    return Outcome.NOT_SET_UP;
                }
                written += CHUNK;
            } else {
                Thread.sleep(POLL_MILLIS);
            }
            List<Long> state = List.of(written, server.receiveQueue(), server.sendQueue(), server.sendQueued());
            long now = System.nanoTime();
            if (!state.equals(lastState)) {
                lastState = state;
                lastProgress = now;
            } else if (now - lastProgress > stallNanos || now > deadline) {
                why = written >= limit
                        ? "the server was still reading after " + bytes(written) + ": it never blocked writing echo"
                        : "nothing moved for " + timeouts.describe(stall) + " before enough lines were piled up unread";
                return Outcome.NOT_SET_UP;
            }
        }
        try {
            client.shutdownOutput();
        } catch (IOException e) {
            why = "the half-close failed: " + e.getMessage();
            return Outcome.NOT_SET_UP;
        }
        return settle();
    }

    /** After the half-close: waits until the FIN is in and nothing is in flight, then checks the server is still stuck. */
    private Outcome settle() throws InterruptedException {
        long deadline = System.nanoTime() + timeouts.within(SETTLE).toNanos();
        while (true) {
            lastSeen = serverSide();
            TcpDiag.Socket server = lastSeen.orElse(null);
            boolean settled = server != null && server.state() == TcpDiag.CLOSE_WAIT && server.nothingInFlight();
            if (settled || server == null || server.state() != TcpDiag.ESTABLISHED && server.state() != TcpDiag.CLOSE_WAIT
                    || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(POLL_MILLIS);
        }
        TcpDiag.Socket server = lastSeen.orElse(null);
        boolean echoUnread = clientSide().map(TcpDiag.Socket::receiveQueue).orElse(0L) > 0;
        if (server != null && server.state() == TcpDiag.CLOSE_WAIT && server.unreadData() > 0 && blocked(server)
                && echoUnread) {
            return Outcome.RESET_IN_CLOSE_WAIT;
        }
        why = server == null ? "the server's end of the connection was gone after the half-close"
                : "after the half-close the server's end was " + describe(server) + (echoUnread ? "" : ", no echo unread");
        return Outcome.NOT_SET_UP;
    }

    /** The server cannot write more now, and nothing on its way can make room. */
    private static boolean blocked(TcpDiag.Socket server) {
        return server.sendBufferFull() && server.nothingInFlight() && server.sendQueue() > 0;
    }

    private Optional<TcpDiag.Socket> serverSide() {
        return TcpDiag.find(serverEnd, clientEnd);
    }

    private Optional<TcpDiag.Socket> clientSide() {
        return TcpDiag.find(clientEnd, serverEnd);
    }

    long written() {
        return written;
    }

    /** Why the client could not leave as intended, for evidence. */
    String why() {
        return why;
    }

    /** The server's end as last seen: "CLOSE_WAIT, 80 KiB of lines unread, send buffer full (4.0 MiB)". */
    String lastSeen() {
        return lastSeen.map(HalfClosingLeaver::describe).orElse("not seen");
    }

    /** How many unread lines were needed: what the server could still take after the FIN. */
    long needed() {
        return needed;
    }

    private static String describe(TcpDiag.Socket s) {
        return s.stateName() + ", " + bytes(s.unreadData()) + " of lines unread, send buffer "
                + (s.sendBufferFull() ? "full (" + bytes(s.sendBuffer()) + ")"
                : bytes(s.sendQueued()) + " of " + bytes(s.sendBuffer()) + " used")
                + ", " + s.unackedSegments() + " segment(s) in flight";
    }

    /** "1.2 MiB", "48 KiB" or "700 bytes", for evidence. */
    static String bytes(long count) {
        if (count >= 1 << 20) {
            return MemoryBoundProbe.mib(count);
        }
        return count >= 1024 ? count / 1024 + " KiB" : count + " bytes";
    }
}
