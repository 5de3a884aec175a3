package dev.echotck.reference;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Completion-based echo server with NIO.2 asynchronous channels: seed 001's "asynchronous I/O
 * model", where the program starts an operation and is called back when it has completed.
 *
 * <p><b>Model.</b> Nothing ever waits in our code. Each connection has exactly one operation
 * outstanding: a read, whose completion handler starts a write of the bytes read, whose
 * completion handler starts the next read. Accepting works the same way: the accept handler
 * starts the next accept. The handlers run on a small fixed pool of threads (one per core) owned
 * by a dedicated {@link AsynchronousChannelGroup}.
 *
 * <p><b>Cost.</b> A few threads whatever the number of clients, and 16 KiB of buffer per
 * connection (an outstanding read needs its buffer): measured 20 KiB PSS per idle connection and
 * 20 to 21 OS threads for 1000 clients ({@code echotck bench --mode idle}). The code of one connection is split into
 * callbacks: a loop becomes a chain of handlers, and its state lives in fields, not on a stack.
 * On Linux the JDK implements this with epoll underneath, like {@link SelectorEchoServer}.
 *
 * <p><b>How it avoids the classic bugs.</b>
 * <ul>
 *   <li>Short writes: a completed write may have written only part of the buffer; the write
 *       handler starts another write of the rest, and reads again only when all is written.</li>
 *   <li>Unbounded memory: a connection reads only after its previous echo is fully written, so a
 *       client that never reads is stopped by TCP flow control, and the server holds 16 KiB.</li>
 *   <li>Half-close: a read that completes with -1 closes the channel; since every earlier echo was
 *       written before that read started, the client reads all its bytes, then EOF.</li>
 *   <li>A client that resets: the failed handler closes that connection only.</li>
 *   <li>Shutdown (seed 002, and the spec's SHUT family): {@link #stop()} only makes a
 *       {@link StopSignal} request, which releases {@link #serve()} (waiting in
 *       {@link StopSignal#await()}, which cannot miss it), so it is safe from a signal handler. {@code serve()} closes the
 *       listener (new clients are refused at once) and waits, for the drain period at most, until
 *       the connections have ended by themselves: meanwhile they are served as usual, so a
 *       transfer in progress completes. Then it shuts down the input of every remaining
 *       connection: an outstanding read completes with -1, so idle connections close at once and
 *       busy ones finish echoing what they have read. The group is shut down: it terminates when
 *       its last channel is closed. After {@link BlockingEchoServer#FLUSH} more,
 *       {@code shutdownNow} closes what is left (a client that does not read its echo); the pool
 *       threads are joined.</li>
 *   <li>Shared state: the open connections are in a {@link ConnectionRegistry}, added by the
 *       accept handler and removed by whichever pool thread sees the connection end; the drain
 *       waits on it until it is empty. Each connection's state is in final fields, set before its
 *       first read is started.</li>
 *   <li>Restart: the listener sets SO_REUSEADDR, so the port can be bound again at once although
 *       the connections the server closed wait in TIME_WAIT.</li>
 * </ul>
 *
 * <p><b>Limits</b> (defence against a flood of idle clients, slowloris's attack; see
 * {@link ServerOptions}). At most {@code --max-connections} connections are open at once, by
 * default {@link #DEFAULT_MAX_CONNECTIONS}; one beyond is accepted and closed at once, so its
 * client sees end of stream instead of waiting in the listen queue. Accept handlers may run on
 * two pool threads at once (each starts the next accept first), so the slot is taken with one
 * atomic step of the {@link ConnectionRegistry}, never "if there is room, add". With
 * {@code --idle-timeout}, every read is started with that timeout: a read that completes nothing
 * in time fails with {@code InterruptedByTimeoutException} and the connection is closed. A read
 * starts only after the previous echo was written, so the timeout counts from the last byte read
 * or echoed. A write to a client that does not read is not timed: that is backpressure, not
 * idleness. Off by default: an idle client stays as long as it likes.
 */
public final class AsyncEchoServer implements EchoServer {

    /**
     * The default connection limit: far above the 1100 idle clients of rule CONC-7; an idle
     * connection costs its 16 KiB buffer and a kernel socket, so 10000 of them about 160 MiB.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    private final ServerOptions options;
    private final ConnectionRegistry<AsynchronousSocketChannel> connections; // bounded by the connection limit
    private final long idleMillis; // 0: no idle timeout
    private final List<Thread> poolThreads = new CopyOnWriteArrayList<>();
    private final StopSignal stop = new StopSignal();
    private volatile boolean inputClosing; // the drain period is over: new connections get their input shut down
    private AsynchronousChannelGroup group;
    private AsynchronousServerSocketChannel listener;
    private InetSocketAddress address;

    public AsyncEchoServer(ServerOptions options) {
        this.options = options;
        this.connections = new ConnectionRegistry<>(options.maxConnectionsOr(DEFAULT_MAX_CONNECTIONS));
        this.idleMillis = options.idleTimeout().map(timeout -> Math.max(1, timeout.toMillis())).orElse(0L);
    }

    @Override
    public void bind() throws IOException {
        ThreadFactory named = Thread.ofPlatform().name("async-echo-", 0).factory();
        ThreadFactory joinable = task -> {
            Thread thread = named.newThread(task);
            poolThreads.add(thread);
            return thread;
        };
        group = AsynchronousChannelGroup.withFixedThreadPool(Runtime.getRuntime().availableProcessors(), joinable);
        try {
            listener = AsynchronousServerSocketChannel.open(group);
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(options.bind()), options.port()), 512);
            address = (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException | RuntimeException e) {
            group.shutdownNow(); // its threads are already running: do not leave them behind
            throw e;
        }
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void serve() throws IOException, InterruptedException {
        listener.accept(null, onAccepted);
        stop.await();

        closeQuietly(listener); // the outstanding accept fails: no more connections
        connections.awaitEmpty(stop.drainEnds()); // the drain period: connections are served as usual
        inputClosing = true;
        connections.forEach(AsyncEchoServer::shutdownInput);
        group.shutdown(); // terminates once every channel is closed and no handler runs
        if (!group.awaitTermination(BlockingEchoServer.FLUSH.toNanos(), TimeUnit.NANOSECONDS)) {
            group.shutdownNow(); // closes the connections still open: clients that do not read their echo
            group.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        }
        for (Thread thread : poolThreads) {
            thread.join();
        }
    }

    @Override
    public void stop() {
        stop.request(options.gracePeriod());
    }

    private final CompletionHandler<AsynchronousSocketChannel, Void> onAccepted = new CompletionHandler<>() {
        @Override
        public void completed(AsynchronousSocketChannel client, Void unused) {
            listener.accept(null, this); // keep accepting while this client is served
            if (!connections.tryAdd(client)) {
                closeQuietly(client); // at the limit: turned away at once, the client sees end of stream
                return;
            }
            if (inputClosing) {
                shutdownInput(client); // accepted just before the listener closed, added after the drain ended
            }
            new Connection(client).read();
        }

        @Override
        public void failed(Throwable e, Void unused) {
            if (!stop.requested()) {
                AcceptBackoff.pause(); // an aborted connection, or out of fds: keep serving, do not spin
                listener.accept(null, this);
            }
        }
    };

    /**
     * One client. Only one operation is outstanding at a time, so the buffer needs no lock; its
     * fields are final, so a pool thread that runs a handler sees them set.
     */
    private final class Connection {

        private final AsynchronousSocketChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);

        Connection(AsynchronousSocketChannel channel) {
            this.channel = channel;
        }

        void read() {
            buffer.clear();
            if (idleMillis > 0) {
                channel.read(buffer, idleMillis, TimeUnit.MILLISECONDS, null, onRead); // fails with InterruptedByTimeoutException
            } else {
                channel.read(buffer, null, onRead);
            }
        }

        private final CompletionHandler<Integer, Void> onRead = new CompletionHandler<>() {
            @Override
            public void completed(Integer count, Void unused) {
                if (count == -1) {
                    close(); // end of stream, and all the client sent has been written back
                    return;
                }
                buffer.flip();
                channel.write(buffer, null, onWritten);
            }

            @Override
            public void failed(Throwable e, Void unused) {
                close(); // the client reset or vanished, or was idle too long: this connection is over, the server is not
            }
        };

        private final CompletionHandler<Integer, Void> onWritten = new CompletionHandler<>() {
            @Override
            public void completed(Integer count, Void unused) {
                if (buffer.hasRemaining()) {
                    channel.write(buffer, null, this); // short write: write the rest before reading again
                } else {
                    read();
                }
            }

            @Override
            public void failed(Throwable e, Void unused) {
                close();
            }
        };

        private void close() {
            connections.close(channel); // the drain may be waiting for the last one
        }
    }

    /** Completes an outstanding read with -1, without dropping the echo still being written. */
    private static void shutdownInput(AsynchronousSocketChannel channel) {
        try {
            channel.shutdownInput();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort during shutdown
        }
    }
}
