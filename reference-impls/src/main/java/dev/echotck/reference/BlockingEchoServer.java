package dev.echotck.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Thread-per-client echo server with blocking java.net sockets: the model of seed 000's
 * "Multithreading" section, written so that none of its classic bugs can happen. Two reference
 * servers share this code: {@code blocking} runs each client on a platform thread, {@code virtual}
 * on a virtual thread. Nothing else differs, which is the point of virtual threads.
 *
 * <p><b>Model.</b> One acceptor thread; for each accepted connection one thread that reads and
 * writes back until end of stream. Simple to read: the code of one connection is a plain loop.
 *
 * <p><b>Cost.</b>
 * <ul>
 *   <li>{@code blocking}, platform threads: one OS thread (about 1 MiB of reserved stack, a kernel
 *       task) per connected client, idle or not; thousands of clients mean thousands of threads.
 *       Measured ({@code echotck bench --mode idle --connections 1000}, README "What an idle
 *       connection costs"): 138 KiB PSS and one OS thread per idle connection.</li>
 *   <li>{@code virtual}, virtual threads: no OS thread per client, and little heap (its stack is
 *       a heap object that grows as needed): measured 20 KiB PSS per idle connection, the
 *       16 KiB buffer included, and 1000 clients on 20 to 23 OS threads in all. A virtual thread blocked in {@code read} does not
 *       hold an OS thread: the JDK parks it, registers the socket with its own poller (epoll on
 *       Linux) and resumes it on one of a few carrier threads (one per core) when data arrives.
 *       Under the hood this is the selector model of {@link SelectorEchoServer}, written as
 *       blocking code. The 16 KiB buffer now costs more than the thread. One visible side
 *       effect: the process takes about 0.3 s longer to exit, because the JDK's poller thread
 *       sits in {@code epoll_wait} and at exit HotSpot waits up to 300 ms for threads in native
 *       code.</li>
 * </ul>
 *
 * <p><b>How it avoids the seeds' bugs.</b>
 * <ul>
 *   <li>fd-reuse race (seed 000's {@code &client_fd}): the accepted socket travels to its thread
 *       inside a {@link Handoff} of its own (a final field of the thread's task), never through a
 *       shared field the next accept overwrites.</li>
 *   <li>Shared state between the acceptor, the connection threads and the stop: the open
 *       connections are in a {@link ConnectionRegistry} (atomic add and remove; a connection closed
 *       by both its own thread and the stop is released once), the stop request is a
 *       {@link StopSignal}. The race-tests module probes each of these with jcstress.</li>
 *   <li>Short writes: {@code OutputStream.write} writes the whole buffer or throws.</li>
 *   <li>Half-close: end of stream from the client ends the loop; the socket is closed after
 *       everything read has been written, so the client sees all its bytes, then EOF.</li>
 *   <li>Shutdown (seed 002, and the spec's SHUT family): {@link #stop()} closes the listener, so
 *       new clients are refused at once and {@code accept} wakes. Existing connections are served
 *       as usual for the drain period (a transfer in progress completes). Then the input side of
 *       every remaining connection is shut down: a thread blocked in {@code read} wakes with end of
 *       stream, on platform and virtual threads alike, writes what it read and closes. Seed 002's
 *       "set a flag, then signal the thread" has a race (the signal can come just before the
 *       thread blocks, and is lost); a shut-down socket cannot be missed, whenever the thread
 *       reads. A client that does not read its echo gets {@link #FLUSH} more, then its socket is
 *       closed. All threads are joined; {@code serve()} returns and the process exits 0.</li>
 *   <li>Restart: the listener sets SO_REUSEADDR, so the port can be bound again at once although
 *       the connections the server closed wait in TIME_WAIT.</li>
 * </ul>
 *
 * <p><b>Limits</b> (defence against a flood of idle clients, slowloris's attack; see
 * {@link ServerOptions}). At most {@code --max-connections} connections are open at once, by
 * default {@link #DEFAULT_MAX_CONNECTIONS}; one beyond is accepted and closed at once, so its
 * client sees end of stream instead of waiting in the listen queue. The count is the
 * {@link ConnectionRegistry}'s, and the acceptor takes a slot with one atomic step
 * ({@link ConnectionRegistry#tryAdd}). With {@code --idle-timeout}, each socket gets it as
 * {@code SO_TIMEOUT}: a {@code read} that waits that long without a byte throws, and the
 * connection is closed. A read starts only after the previous echo was written, so the timeout
 * counts from the last byte read or echoed and nothing read is lost. Off by default: an idle
 * client stays as long as it likes. A client that stops reading its echo blocks the
 * {@code write}, which no timeout bounds here: that is backpressure, not idleness.
 *
 * <p>The steps of the stop are protected methods named after the spec's shutdown semantics, so
 * that each SHUT mutant overrides exactly one of them; handler-bug mutants override
 * {@link #serveConnection}.
 */
public class BlockingEchoServer implements EchoServer {

    /** After the drain period, how long connections get to write what they read before they are closed. */
    public static final Duration FLUSH = Duration.ofSeconds(1);

    /**
     * The default connection limit: far above the 1100 idle clients of rule CONC-7, and below what
     * a thread per connection costs a small machine (10000 platform threads reserve about 10 GiB
     * of stack, mostly untouched). Reached before the fd limit only when that is raised above it.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    private final ServerOptions options;
    private final Thread.Builder threads; // used by the acceptor thread only: a builder is not thread-safe
    private final ConnectionRegistry<Socket> connections; // bounded by the connection limit
    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();
    private final StopSignal stop = new StopSignal();
    private volatile ServerSocket listener;

    /** The {@code blocking} server: a platform thread per client. */
    public BlockingEchoServer(ServerOptions options) {
        this(options, Thread.ofPlatform());
    }

    /** The same server with a virtual thread per client instead: the {@code virtual} server. */
    public static BlockingEchoServer withVirtualThreads(ServerOptions options) {
        return new BlockingEchoServer(options, Thread.ofVirtual());
    }

    public BlockingEchoServer(ServerOptions options, Thread.Builder threads) {
        this.options = options;
        this.threads = threads;
        this.connections = new ConnectionRegistry<>(options.maxConnectionsOr(DEFAULT_MAX_CONNECTIONS));
    }

    @Override
    public void bind() throws IOException {
        ServerSocket socket = newListener();
        socket.bind(new InetSocketAddress(InetAddress.getByName(options.bind()), options.port()), 512);
        listener = socket;
        if (stop.requested()) {
            stopAccepting(); // stop() came while we were binding
        }
    }

    /** An unbound listening socket with SO_REUSEADDR: a restart binds the port despite TIME_WAIT. */
    protected ServerSocket newListener() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        return socket;
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    @Override
    public void serve() throws InterruptedException {
        acceptUntilListenerClosed();
        finishConnections();
    }

    private void acceptUntilListenerClosed() {
        while (true) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
                afterAcceptFailed();
                continue;
            }
            if (!connections.tryAdd(client)) {
                closeQuietly(client); // at the limit: turned away at once, the client sees end of stream
                continue;
            }
            if (!setIdleTimeout(client)) {
                connections.close(client);
                continue;
            }
            Thread handler = threads.name("echo-" + client.getPort()).unstarted(new Handoff<>(client, this::run));
            handlers.add(handler);
            handler.start();
        }
    }

    private void run(Socket client) {
        try {
            serveConnection(client);
        } catch (IOException e) {
            // the client reset or vanished, or was idle too long (SocketTimeoutException): this connection is over, the server is not
        } finally {
            if (client.isClosed()) {
                connections.remove(client); // else the stop closes it
            }
            handlers.remove(Thread.currentThread());
        }
    }

    /** With an idle timeout, a read that waits that long for a byte throws, and the connection ends; false if the socket is gone. */
    private boolean setIdleTimeout(Socket client) {
        try {
            if (options.idleTimeout().isPresent()) {
                client.setSoTimeout((int) Math.clamp(options.idleTimeout().get().toMillis(), 1, Integer.MAX_VALUE)); // 0 would mean never
            }
            return true;
        } catch (IOException e) {
            return false; // the client reset before its thread started
        }
    }

    /** An aborted connection, or out of fds (EMFILE): keep serving, and pause rather than spin. */
    protected void afterAcceptFailed() {
        AcceptBackoff.pause();
    }

    /** One connection, on its own thread: echo until end of stream, then close. */
    protected void serveConnection(Socket client) throws IOException {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
            }
        }
    }

    /** Safe from any thread, a signal handler's included; only the first call counts. */
    @Override
    public void stop() {
        if (stop.request(options.gracePeriod())) {
            stopAccepting();
        }
    }

    /** Step 1 of the stop: close the listener, so new clients are refused and {@code accept} wakes. */
    protected void stopAccepting() {
        ServerSocket socket = listener;
        if (socket != null) {
            closeQuietly(socket);
        }
    }

    /** Steps 2 to 4, in the acceptor's thread once the listener is closed. */
    protected void finishConnections() throws InterruptedException {
        awaitHandlers(stop.drainEnds());                   // 2: the drain period, connections served as usual
        wakeBlockedReads();                                // 3: a blocked read returns end of stream...
        awaitHandlers(System.nanoTime() + FLUSH.toNanos()); //    ...its thread writes what it read and closes
        closeConnections();                                //    a client that does not read its echo is cut off
        joinHandlers();                                    // 4: nothing of ours is left running
    }

    /** Shuts down the input of every open connection: a blocked read wakes with end of stream, writes still work. */
    protected void wakeBlockedReads() {
        connections.forEach(BlockingEchoServer::shutdownInput);
    }

    /** Closes what is left; a connection's thread that ends meanwhile finds it closed, and it is released once. */
    protected void closeConnections() {
        connections.forEach(connections::close);
    }

    protected void joinHandlers() throws InterruptedException {
        for (Thread handler : Set.copyOf(handlers)) {
            handler.join();
        }
    }

    /** Waits until every connection thread has ended or the deadline (a System.nanoTime()) has passed. */
    private void awaitHandlers(long deadline) throws InterruptedException {
        for (Thread handler : Set.copyOf(handlers)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            handler.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    private static void shutdownInput(Socket socket) {
        try {
            socket.shutdownInput();
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
