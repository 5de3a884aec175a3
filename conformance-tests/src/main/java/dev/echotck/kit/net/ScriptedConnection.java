package dev.echotck.kit.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The kit's server's view of one client connection: every byte received and sent, and when the
 * client ended its side (end of stream: a half-close or a close; or a reset) and when the server
 * closed. The evidence of the CLIENT rules: "the server received your line unchanged, and echoed it".
 */
public final class ScriptedConnection {

    private final ByteArrayOutputStream received = new ByteArrayOutputStream(); // guarded by this
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();     // guarded by this
    private final long acceptedNanos = System.nanoTime();
    private long clientEndedNanos;
    private String clientEnd;
    private long serverClosedNanos;
    private String writeProblem;

    synchronized void received(byte[] bytes, int length) {
        received.write(bytes, 0, length);
        notifyAll();
    }

    synchronized void sent(byte[] bytes, int offset, int length) {
        sent.write(bytes, offset, length);
        notifyAll();
    }

    /** The client's side ended: {@code how} is "end of stream" or "reset (...)". */
    synchronized void clientEnded(String how) {
        if (clientEndedNanos == 0) {
            clientEndedNanos = System.nanoTime();
            clientEnd = how;
            notifyAll();
        }
    }

    synchronized void serverClosed() {
        if (serverClosedNanos == 0) {
            serverClosedNanos = System.nanoTime();
            notifyAll();
        }
    }

    synchronized void writeFailed(IOException e) {
        writeProblem = e.getMessage();
        notifyAll();
    }

    public long acceptedNanos() {
        return acceptedNanos;
    }

    public synchronized byte[] received() {
        return received.toByteArray();
    }

    public synchronized byte[] sent() {
        return sent.toByteArray();
    }

    /** When the client's side ended (System.nanoTime), if it has. */
    public synchronized Optional<Long> clientEndedNanos() {
        return clientEndedNanos == 0 ? Optional.empty() : Optional.of(clientEndedNanos);
    }

    /** "end of stream" or "reset (Connection reset)"; empty while the client's side is open. */
    public synchronized Optional<String> clientEnd() {
        return Optional.ofNullable(clientEnd);
    }

    public synchronized Optional<Long> serverClosedNanos() {
        return serverClosedNanos == 0 ? Optional.empty() : Optional.of(serverClosedNanos);
    }

    /** Why a write of the server failed (the client had closed or reset), if one did. */
    public synchronized Optional<String> writeProblem() {
        return Optional.ofNullable(writeProblem);
    }

    /** Waits until at least {@code length} bytes were received; what was received then. */
    public synchronized byte[] awaitReceived(int length, Duration within) {
        awaitUntil(() -> received.size() >= length || clientEndedNanos != 0, within);
        return received.toByteArray();
    }

    /** Waits until the client's side ended (end of stream or reset); when, if it did in time. */
    public synchronized Optional<Long> awaitClientEnded(Duration within) {
        awaitUntil(() -> clientEndedNanos != 0, within);
        return clientEndedNanos();
    }

    /** Waits until the server has closed the connection; when, if it did in time. */
    public synchronized Optional<Long> awaitServerClosed(Duration within) {
        awaitUntil(() -> serverClosedNanos != 0, within);
        return serverClosedNanos();
    }

    private interface Condition {
        boolean holds();
    }

    private void awaitUntil(Condition condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.holds()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
