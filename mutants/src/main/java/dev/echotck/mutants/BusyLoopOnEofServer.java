package dev.echotck.mutants;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import dev.echotck.reference.ServerOptions;

/**
 * Mutant busy-loop-on-eof: a one-thread event loop (a selector, like epoll) whose read handler
 * ignores end of stream. A channel whose client has closed stays readable forever: every
 * {@code select} returns at once, {@code read} returns -1 again, and the loop spins at full speed
 * while nothing happens. The channel is never closed either.
 *
 * <p>Why an event loop and not a thread per client: a spinning handler thread per client would burn
 * one core per departed client; a spinning event loop burns one core whatever their number, which
 * is the classic symptom (an "idle" server at 100% CPU) and keeps the kit's machine usable.
 */
final class BusyLoopOnEofServer extends OneSelectorServer {

    static {
        // Why poll(2) rather than the default epoll: the JDK's epoll selector looks each ready
        // descriptor up in a HashMap<Integer, ...>, boxing every descriptor above 127, so a spinning
        // epoll loop over many leaked channels also churns garbage, and a fresh JVM's RSS grows with
        // it. The poll selector allocates nothing per loop, so this bug shows as CPU (HYG-5) and
        // leaked descriptors (HYG-2) only, never as memory growth (HYG-4) that depends on timing.
        try {
            Class.forName("sun.nio.ch.PollSelectorProvider", false, null); // a JDK without it keeps epoll
            System.setProperty("java.nio.channels.spi.SelectorProvider", "sun.nio.ch.PollSelectorProvider");
        } catch (ClassNotFoundException e) {
            // epoll, then: still spins, only with some garbage
        }
    }

    BusyLoopOnEofServer(ServerOptions options) {
        super(options);
    }

    @Override
    public void serve() throws IOException {
        while (!stopping) {
            selector.select(this::onReady);
        }
        closeAll();
    }

    private void onReady(SelectionKey key) {
        try {
            if (key == acceptKey) {
                accept();
            } else if (key.isReadable()) {
                read(key);
            } else if (key.isWritable()) {
                flush(key);
            }
        } catch (IOException e) {
            closeQuietly(key.channel()); // a reset: this connection is over
        }
    }

    private void accept() throws IOException {
        SocketChannel client = listener.accept();
        if (client != null) {
            client.configureBlocking(false);
            client.register(selector, SelectionKey.OP_READ, ByteBuffer.allocateDirect(16 * 1024));
        }
    }

    private void read(SelectionKey key) throws IOException {
        ByteBuffer buffer = (ByteBuffer) key.attachment();
        int n = ((SocketChannel) key.channel()).read(buffer);
        if (n > 0) {
            buffer.flip();
            flush(key);
        }
        // BUG: n == -1 (end of stream) is ignored. It must close the channel (key.channel().close()).
    }

    /** Writes what the client's window takes; the rest waits for OP_WRITE, and reading waits for it. */
    private void flush(SelectionKey key) throws IOException {
        ByteBuffer buffer = (ByteBuffer) key.attachment();
        ((SocketChannel) key.channel()).write(buffer);
        if (buffer.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
        } else {
            buffer.clear();
            key.interestOps(SelectionKey.OP_READ);
        }
    }
}
