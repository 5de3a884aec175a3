package dev.echotck.mutants;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

import dev.echotck.reference.EchoServer;
import dev.echotck.reference.ServerOptions;

/**
 * Mutant blocking-write-event-loop: one thread, one selector, non-blocking channels, as in seed
 * 004's event-based server. Reads are correct; but when a write is short (the client's receive
 * window is full), the loop retries it until the whole echo is out, instead of keeping the rest
 * and waiting for {@code OP_WRITE}. Harmless while every client reads; one client that sends and
 * never reads stops the loop, and with it every other client.
 */
final class BlockingWriteEventLoopServer implements EchoServer {

    private final ServerOptions options;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private volatile boolean stopping;
    private ServerSocketChannel listener;
    private Selector selector;

    BlockingWriteEventLoopServer(ServerOptions options) {
        this.options = options;
    }

    @Override
    public void bind() throws IOException {
        listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(options.bind()), options.port()), 512);
        listener.configureBlocking(false);
        selector = Selector.open();
        listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    @Override
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void serve() throws IOException {
        try {
            while (!stopping) {
                selector.select(key -> {
                    try {
                        if (key.isAcceptable()) {
                            accept();
                        } else if (key.isReadable()) {
                            echo(key);
                        }
                    } catch (IOException e) {
                        close(key.channel()); // this client reset or vanished
                    }
                });
            }
        } finally {
            selector.keys().forEach(key -> close(key.channel()));
            selector.close();
        }
    }

    private void accept() throws IOException {
        SocketChannel client = listener.accept();
        if (client != null) {
            client.configureBlocking(false);
            client.register(selector, SelectionKey.OP_READ);
        }
    }

    private void echo(SelectionKey key) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        buffer.clear();
        if (channel.read(buffer) == -1) {
            close(channel);
            return;
        }
        buffer.flip();
        while (buffer.hasRemaining() && !stopping) { // BUG: waits here until this one client makes room
            if (channel.write(buffer) == 0) {
                // The classic version spins at 100% CPU; a 0.1 ms nap spares the shared test machine
                // and stalls the loop just the same.
                LockSupport.parkNanos(100_000);
            }
        }
    }

    @Override
    public void stop() {
        stopping = true;
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }
}
