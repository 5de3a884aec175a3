package dev.echotck.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
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
 *       task) per connected client, idle or not; thousands of clients mean thousands of threads.</li>
 *   <li>{@code virtual}, virtual threads: about a kilobyte of heap per idle client (its stack is
 *       a heap object that grows as needed). A virtual thread blocked in {@code read} does not
 *       hold an OS thread: the JDK parks it, registers the socket with its own poller (epoll on
 *       Linux) and resumes it on one of a few carrier threads (one per core) when data arrives.
 *       Under the hood this is the selector model of {@link SelectorEchoServer}, written as
 *       blocking code. The 16 KiB buffer now costs more than the thread.</li>
 * </ul>
 *
 * <p><b>How it avoids the seeds' bugs.</b>
 * <ul>
 *   <li>fd-reuse race (seed 000's {@code &client_fd}): the accepted socket is handed to its thread
 *       as a parameter captured by the lambda, never through a shared field the next accept
 *       overwrites.</li>
 *   <li>Short writes: {@code OutputStream.write} writes the whole buffer or throws.</li>
 *   <li>Half-close: end of stream from the client ends the loop; the socket is closed after
 *       everything read has been written, so the client sees all its bytes, then EOF.</li>
 *   <li>Shutdown that hangs on threads blocked in {@code read} (seed 002): {@link #stop()} closes
 *       the listener (which wakes {@code accept}) and shuts down the input side of every connection
 *       (which wakes a blocked {@code read} with end of stream, on platform and virtual threads
 *       alike), so nothing waits on a signal that could be lost. Threads are joined; after the
 *       grace period remaining sockets are closed.</li>
 * </ul>
 */
public final class BlockingEchoServer implements EchoServer {

    private final ServerOptions options;
    private final Thread.Builder threads; // used by the acceptor thread only: a builder is not thread-safe
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private ServerSocket listener;

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
    }

    @Override
    public void bind() throws IOException {
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(options.bind()), options.port()), 512);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    @Override
    public void serve() throws InterruptedException {
        while (!stopping) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (stopping) {
                    break;
                }
                AcceptBackoff.pause(); // an aborted connection, or out of fds: keep serving, do not spin
                continue;
            }
            connections.add(client);
            Thread handler = threads.name("echo-" + client.getPort()).unstarted(() -> echo(client));
            handlers.add(handler);
            handler.start();
            if (stopping) {
                shutdownInput(client); // stop() may have run between accept and add
            }
        }
        drain();
    }

    private void echo(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the client reset or vanished: this connection is over, the server is not
        } finally {
            connections.remove(client);
            handlers.remove(Thread.currentThread());
        }
    }

    /** Waits for connections to finish echoing what they read, then closes any that did not. */
    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + options.gracePeriod().toNanos();
        for (Thread handler : Set.copyOf(handlers)) {
            handler.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        connections.forEach(BlockingEchoServer::closeQuietly); // a client that never reads its echo
        for (Thread handler : Set.copyOf(handlers)) {
            handler.join();
        }
    }

    @Override
    public void stop() {
        stopping = true;
        closeQuietly(listener);
        connections.forEach(BlockingEchoServer::shutdownInput);
    }

    /** Wakes a thread blocked in read with end of stream, without dropping what it will still write. */
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
