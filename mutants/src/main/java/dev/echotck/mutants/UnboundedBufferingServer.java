package dev.echotck.mutants;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

import dev.echotck.reference.ServerOptions;

/**
 * Mutant unbounded-buffering: a single-threaded event loop that keeps reading from a connection
 * while its echo waits to be written, and queues what it read. A client that sends and never reads
 * makes the queue, and the server, grow without limit: TCP flow control never gets to stop it.
 * Everything else (short writes, half-close, accepting at the descriptor limit, shutdown) is done
 * right.
 */
final class UnboundedBufferingServer extends OneSelectorServer {

    private static final long ACCEPT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private long acceptPausedUntil; // System.nanoTime(); 0 while accepting

    UnboundedBufferingServer(ServerOptions options) {
        super(options);
    }

    @Override
    public void serve() throws IOException {
        try {
            while (!stopping) {
                selector.select(this::handle, resumeAcceptingIfDue());
            }
            drain();
        } finally {
            closeAll();
        }
    }

    private void handle(SelectionKey key) {
        if (key == acceptKey) {
            accept();
            return;
        }
        Connection connection = (Connection) key.attachment();
        try {
            if (key.isReadable()) {
                connection.read(key);
            }
            if (key.isValid() && key.isWritable()) {
                connection.flush(key);
            }
        } catch (IOException e) {
            closeQuietly(key.channel()); // the client reset or vanished: this connection only
        }
    }

    private void accept() {
        try {
            SocketChannel client = listener.accept();
            if (client != null) {
                client.configureBlocking(false);
                client.register(selector, SelectionKey.OP_READ, new Connection());
            }
        } catch (IOException e) {
            // out of descriptors: stop watching the listener for a moment instead of spinning
            acceptKey.interestOps(0);
            acceptPausedUntil = System.nanoTime() + ACCEPT_PAUSE_NANOS;
        }
    }

    /** The select timeout in ms: 0 (none) while accepting, else until accepting resumes. */
    private long resumeAcceptingIfDue() {
        if (acceptPausedUntil == 0) {
            return 0;
        }
        long left = acceptPausedUntil - System.nanoTime();
        if (left <= 0) {
            acceptPausedUntil = 0;
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
    }

    /** After stop: no new connections, no more reading; write out what was read, until the grace period ends. */
    private void drain() throws IOException {
        closeQuietly(listener);
        long deadline = System.nanoTime() + options.gracePeriod().toNanos();
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof Connection connection) {
                connection.endInput(key);
            }
        }
        long left;
        while (selector.keys().stream().anyMatch(SelectionKey::isValid) && (left = deadline - System.nanoTime()) > 0) {
            selector.select(this::handle, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    /** One client: the echo it is owed, in the order it was read. */
    private final class Connection {
        private final Queue<ByteBuffer> pending = new ArrayDeque<>();
        private boolean inputEnded;

        void read(SelectionKey key) throws IOException {
            readBuffer.clear();
            int n = ((SocketChannel) key.channel()).read(readBuffer);
            if (n == -1) {
                endInput(key);
                return;
            }
            if (n > 0) {
                pending.add(ByteBuffer.allocate(n).put(readBuffer.flip()).flip());
                // BUG: OP_READ stays on while echo is pending: the server reads on, and queues, however
                // much the client sends without reading
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        void flush(SelectionKey key) throws IOException {
            SocketChannel channel = (SocketChannel) key.channel();
            while (!pending.isEmpty()) {
                ByteBuffer head = pending.peek();
                channel.write(head);
                if (head.hasRemaining()) {
                    return; // the client's window is full: wait for OP_WRITE
                }
                pending.poll();
            }
            if (inputEnded) {
                closeQuietly(channel); // everything the client sent has been echoed
            } else {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void endInput(SelectionKey key) {
            inputEnded = true;
            if (pending.isEmpty()) {
                closeQuietly(key.channel());
            } else {
                key.interestOps(SelectionKey.OP_WRITE);
            }
        }
    }
}
