package dev.echotck.reference;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Event-loop echo server with non-blocking NIO channels: the readiness model of
 * {@code select}/{@code poll}/{@code epoll}, one thread serving many connections.
 *
 * <p><b>Model.</b> One acceptor thread (the one that calls {@link #serve()}) accepts connections
 * and hands them round-robin to one event loop per core. Each loop is a thread with its own
 * {@link Selector}: it waits until some of its connections are readable or writable, does the
 * non-blocking reads and writes that cannot block, and waits again. A connection is a small state
 * machine, kept in its {@link SelectionKey} and the key's attachment, a {@link Connection}:
 * <em>reading</em> (interest {@code OP_READ}, nothing pending) or <em>writing</em> (interest
 * {@code OP_WRITE}, the attachment holds the echo the client's receive window did not take yet).
 *
 * <p><b>Cost.</b> A few threads whatever the number of clients; an idle connection costs a
 * selection key and a few bytes of state, no buffer (each loop reads into one shared 64 KiB
 * buffer): measured 1.1 KiB PSS per idle connection, 20 OS threads in all for 1000 clients
 * ({@code echotck bench --mode idle}, README "What an idle connection costs"). The price is code: what a blocking thread keeps on its stack (where it is, what it
 * still has to write) must be kept by hand, and one slow handler stalls every connection of its
 * loop.
 *
 * <p><b>How it avoids the classic bugs.</b>
 * <ul>
 *   <li>Short writes: a non-blocking {@code write} takes what fits in the socket buffer. The rest
 *       is kept (at most 64 KiB) and the key waits for {@code OP_WRITE}; it is never dropped.</li>
 *   <li>Unbounded memory (a client that sends but never reads): while a connection has pending
 *       echo, the loop does not read from it. TCP flow control then stops the client. This is
 *       backpressure: memory per connection stays at most 64 KiB.</li>
 *   <li>Half-close: a connection is read only when nothing is pending, so when {@code read}
 *       returns -1 everything the client sent has already been written; the loop closes the
 *       channel and the client reads all its bytes, then EOF.</li>
 *   <li>Lost wake-up when handing a connection to a loop that sleeps in {@code select}: the
 *       acceptor enqueues the channel, then calls {@code wakeup()}; a {@code wakeup()} that comes
 *       before {@code select()} makes that {@code select()} return at once, and the loop registers
 *       everything queued before each {@code select()}.</li>
 *   <li>A client that resets: the {@code IOException} closes that connection only.</li>
 *   <li>Shutdown (seed 002, and the spec's SHUT family): {@link #stop()} only makes a
 *       {@link StopSignal} request, which wakes the selectors, so it is safe from a signal handler.
 *       A thread checks the request, then blocks in {@code select()}; a {@code wakeup()} that comes
 *       between the two is not lost (the next {@code select()} returns at once), which is what
 *       makes this "check a flag, then block" correct where seed 002's signal is not. The acceptor wakes and closes the
 *       listener: new clients are refused at once. The loops go on serving their connections as
 *       usual for the drain period, so a transfer in progress completes; a loop whose connections
 *       have all ended finishes early. Then each loop stops reading: bytes it has read are echoed,
 *       bytes still in the kernel's receive buffer are not. It closes at once the connections that
 *       have nothing pending, gives the others {@link BlockingEchoServer#FLUSH} to write their
 *       pending echo, then closes what is left. No thread ever blocks in {@code read}, so there is
 *       nothing to wake but the selectors. {@code serve()} joins the loops.</li>
 *   <li>Restart: the listener sets SO_REUSEADDR, so the port can be bound again at once although
 *       the connections the server closed wait in TIME_WAIT.</li>
 * </ul>
 *
 * <p><b>Limits</b> (defence against a flood of idle clients, slowloris's attack; see
 * {@link ServerOptions}). At most {@code --max-connections} connections are open at once, by
 * default {@link #DEFAULT_MAX_CONNECTIONS}; one beyond is accepted and closed at once, so its
 * client sees end of stream instead of waiting in the listen queue. The acceptor takes a slot in
 * a {@link ConnectionRegistry} with one atomic step; whichever loop closes the connection gives
 * it back, once. With {@code --idle-timeout}, each connection notes when it began waiting for
 * input (accepted, or its last echo written), and its loop closes the reading connections that
 * have waited that long: the loop's {@code select} never sleeps past the earliest such moment.
 * A connection with echo pending is waiting for its client to read, not idle: backpressure, which
 * no timeout bounds here. Off by default: an idle client stays as long as it likes.
 */
public final class SelectorEchoServer implements EchoServer {

    /** Read size, and so the most echo one connection may hold while its client is not reading. */
    static final int BUFFER_SIZE = 64 * 1024;

    /**
     * The default connection limit: far above the 1100 idle clients of rule CONC-7; an idle
     * connection costs a selection key and a kernel socket, so this is a guard, not a budget.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    private final ServerOptions options;
    private final ConnectionRegistry<SocketChannel> connections; // bounded by the connection limit
    private final StopSignal stop = new StopSignal();
    private volatile boolean acceptorDone; // the listener is closed and every accepted connection handed off
    private volatile Selector acceptSelector;
    private volatile List<EventLoop> loops = List.of();
    private ServerSocketChannel listener;
    private InetSocketAddress address;

    public SelectorEchoServer(ServerOptions options) {
        this.options = options;
        this.connections = new ConnectionRegistry<>(options.maxConnectionsOr(DEFAULT_MAX_CONNECTIONS));
    }

    @Override
    public void bind() throws IOException {
        listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(options.bind()), options.port()), 512);
        address = (InetSocketAddress) listener.getLocalAddress();
        listener.configureBlocking(false);
        Selector selector = Selector.open();
        listener.register(selector, SelectionKey.OP_ACCEPT);
        List<EventLoop> created = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            created.add(new EventLoop());
        }
        loops = List.copyOf(created);
        acceptSelector = selector;
        stop.onRequest(selector::wakeup);
        loops.forEach(loop -> stop.onRequest(loop::wakeup));
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void serve() throws IOException, InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (EventLoop loop : loops) {
            threads.add(Thread.ofPlatform().name("selector-loop-" + threads.size()).start(loop));
        }
        try {
            acceptUntilStopped();
        } finally {
            beginStop(Duration.ZERO); // no-op after stop(); when accepting failed, the loops must end too
            closeQuietly(listener);
            closeQuietly(acceptSelector);
            acceptorDone = true;
            loops.forEach(EventLoop::wakeup);
            for (Thread thread : threads) {
                thread.join();
            }
            loops.forEach(EventLoop::closeHandedOff); // accepted after its loop had stopped
        }
    }

    private void acceptUntilStopped() throws IOException {
        int next = 0;
        while (!stop.requested()) {
            acceptSelector.select(); // a stop's wakeup() that came after the check makes this return at once
            acceptSelector.selectedKeys().clear();
            SocketChannel client;
            while (!stop.requested() && (client = acceptOne()) != null) {
                if (!connections.tryAdd(client)) {
                    closeQuietly(client); // at the limit: turned away at once, the client sees end of stream
                    continue;
                }
                loops.get(next).handOff(client);
                next = (next + 1) % loops.size();
            }
        }
    }

    /** The next pending connection, or null if there is none or accepting it failed. */
    private SocketChannel acceptOne() {
        try {
            return listener.accept();
        } catch (IOException e) {
            AcceptBackoff.pause(); // an aborted connection, or out of fds: keep serving, do not spin
            return null;
        }
    }

    @Override
    public void stop() {
        beginStop(options.gracePeriod());
    }

    /** The first call counts; the wake-ups registered in bind() run with it. */
    private void beginStop(Duration drain) {
        stop.request(drain);
    }

    /** What a connection's key remembers: the echo not written yet, and since when it waits for input. */
    private static final class Connection {
        ByteBuffer pending; // null while reading
        long waitingSince;  // System.nanoTime() of the last byte read, or of the last echo written if later
    }

    /** Closes a connection and gives its slot back, once, whoever calls it. */
    private void close(SelectionKey key) {
        connections.close((SocketChannel) key.channel());
    }

    /** One thread, one selector, many connections. */
    private final class EventLoop implements Runnable {

        private final Selector selector = Selector.open();
        private final Queue<SocketChannel> handedOff = new ConcurrentLinkedQueue<>();
        private final ByteBuffer readBuffer = ByteBuffer.allocate(BUFFER_SIZE); // shared by this loop's connections
        private boolean finishing; // the drain period is over: write what is pending, read no more
        private final long idleNanos = options.idleTimeout().map(Duration::toNanos).orElse(0L); // 0: no idle timeout
        private boolean idleCheckDue;  // some connection is waiting for input and may time out
        private long nextIdleCheck;    // System.nanoTime() when the first of them would

        EventLoop() throws IOException {
        }

        /** Called by the acceptor thread: enqueue first, then wake, so the loop cannot miss it. */
        void handOff(SocketChannel client) {
            handedOff.add(client);
            selector.wakeup();
        }

        void wakeup() {
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (true) {
                    registerHandedOff();
                    if (stop.requested() && (drained() || System.nanoTime() - stop.drainEnds() >= 0)) {
                        break;
                    }
                    selector.select(this::handle, selectTimeout());
                    closeIdleConnections();
                }
                finish();
            } catch (IOException e) {
                // the selector itself failed: close this loop's connections and end
            } finally {
                selector.keys().forEach(SelectorEchoServer.this::close);
                closeQuietly(selector);
            }
        }

        private void registerHandedOff() {
            SocketChannel client;
            while ((client = handedOff.poll()) != null) {
                try {
                    client.configureBlocking(false);
                    Connection connection = new Connection();
                    client.register(selector, SelectionKey.OP_READ, connection); // nothing pending
                    awaitInput(connection);
                } catch (IOException e) {
                    connections.close(client);
                }
            }
        }

        private void handle(SelectionKey key) {
            try {
                if (key.isReadable()) {
                    echo(key);
                } else if (key.isWritable()) {
                    flush(key);
                }
            } catch (IOException e) {
                close(key); // the client reset or vanished: this connection is over, not the loop
            }
        }

        /** Readable, and nothing pending: read what has arrived and write it straight back. */
        private void echo(SelectionKey key) throws IOException {
            SocketChannel channel = (SocketChannel) key.channel();
            Connection connection = (Connection) key.attachment();
            readBuffer.clear();
            int read = channel.read(readBuffer);
            if (read == -1) {
                close(key); // end of stream, and all the client sent has been written back
                return;
            }
            readBuffer.flip();
            channel.write(readBuffer);
            if (readBuffer.hasRemaining()) { // short write: the client's receive window is full
                connection.pending = ByteBuffer.allocate(readBuffer.remaining()).put(readBuffer).flip();
                key.interestOps(SelectionKey.OP_WRITE); // wait for room, and stop reading: backpressure
            } else if (read > 0) {
                connection.waitingSince = System.nanoTime(); // a byte arrived: not idle
            }
        }

        /** Writable, and echo pending: write more of it; once it is all out, read again. */
        private void flush(SelectionKey key) throws IOException {
            Connection connection = (Connection) key.attachment();
            ((SocketChannel) key.channel()).write(connection.pending);
            if (connection.pending.hasRemaining()) {
                return;
            }
            connection.pending = null;
            if (finishing) {
                close(key);
            } else {
                key.interestOps(SelectionKey.OP_READ);
                awaitInput(connection);
            }
        }

        /** The connection begins waiting for input now: with an idle timeout, it is due for a check by then. */
        private void awaitInput(Connection connection) {
            connection.waitingSince = System.nanoTime();
            if (idleNanos > 0) {
                scheduleIdleCheck(connection.waitingSince + idleNanos);
            }
        }

        private void scheduleIdleCheck(long at) {
            if (!idleCheckDue || at - nextIdleCheck < 0) {
                nextIdleCheck = at;
                idleCheckDue = true;
            }
        }

        /** How long select may sleep: until the drain ends or the next idle check, whichever is first; 0 is "no timeout". */
        private long selectTimeout() {
            long timeout = stop.requested() ? millisUntil(stop.drainEnds()) : 0;
            if (idleCheckDue) {
                long untilCheck = millisUntil(nextIdleCheck);
                timeout = timeout == 0 ? untilCheck : Math.min(timeout, untilCheck);
            }
            return timeout;
        }

        /**
         * Closes the connections that have waited for input for the idle timeout, if the first of
         * them is due; schedules the next check for the earliest of the rest. A connection with
         * echo pending is not reading and is not checked: its echo is written first.
         */
        private void closeIdleConnections() {
            long now = System.nanoTime();
            if (!idleCheckDue || now - nextIdleCheck < 0) {
                return;
            }
            idleCheckDue = false;
            for (SelectionKey key : selector.keys()) {
                if (key.isValid() && key.attachment() instanceof Connection connection && connection.pending == null) {
                    long expires = connection.waitingSince + idleNanos;
                    if (now - expires >= 0) {
                        close(key); // idle too long: everything it sent has been echoed
                    } else {
                        scheduleIdleCheck(expires);
                    }
                }
            }
        }

        /** During the drain: the acceptor is done and every connection of this loop has ended. */
        private boolean drained() {
            return acceptorDone && handedOff.isEmpty() && selector.keys().stream().noneMatch(SelectionKey::isValid);
        }

        /** After the drain period: read no more; close idle connections now, give the others FLUSH to write their echo. */
        private void finish() throws IOException {
            finishing = true;
            registerHandedOff();
            for (SelectionKey key : selector.keys()) {
                if (key.isValid() && ((Connection) key.attachment()).pending == null) {
                    close(key); // nothing pending (keys with pending echo wait for OP_WRITE only)
                }
            }
            long deadline = System.nanoTime() + BlockingEchoServer.FLUSH.toNanos();
            while (selector.keys().stream().anyMatch(SelectionKey::isValid) && deadline - System.nanoTime() > 0) {
                selector.select(this::handle, millisUntil(deadline));
            }
        }

        /** Called after the loop thread has ended, when nothing hands off any more. */
        void closeHandedOff() {
            handedOff.forEach(connections::close);
        }
    }

    /** At least 1, so that a select with this timeout never means "no timeout". */
    private static long millisUntil(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort during shutdown
        }
    }
}
