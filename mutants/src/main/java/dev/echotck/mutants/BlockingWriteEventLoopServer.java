package dev.echotck.mutants;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

import dev.echotck.reference.ServerOptions;

/**
 * Mutant blocking-write-event-loop: one thread, one selector, non-blocking channels, as in seed
 * 004's event-based server. Reads are correct; but when a write is short (the client's receive
 * window is full), the loop retries it until the whole echo is out, instead of keeping the rest
 * and waiting for {@code OP_WRITE}. Harmless while every client reads; one client that sends and
 * never reads stops the loop, and with it every other client.
 */
final class BlockingWriteEventLoopServer extends OneSelectorServer {

    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    BlockingWriteEventLoopServer(ServerOptions options) {
        super(options);
    }

    @Override
    public void serve() throws IOException {
        try {
            while (!stopping) {
                selector.select(key -> {
                    try {
                        if (key == acceptKey) {
                            accept();
                        } else if (key.isReadable()) {
                            echo(key);
                        }
                    } catch (IOException e) {
                        closeQuietly(key.channel()); // this client reset or vanished
                    }
                });
            }
        } finally {
            closeAll();
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
            closeQuietly(channel);
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
}
