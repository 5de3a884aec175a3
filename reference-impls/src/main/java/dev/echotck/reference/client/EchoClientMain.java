package dev.echotck.reference.client;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The reference interactive echo client: {@code EchoClientMain HOST PORT} (or {@code echotck
 * client HOST PORT}) sends what it reads on stdin to the server and writes the server's replies to
 * stdout, byte for byte, and exits cleanly in each of the cases seed 002 finds hard. Messages go
 * to stderr; exit status 0 when the server ended the session, 1 when the connection failed, broke
 * or the server stayed silent after the end of input, 2 for bad usage.
 *
 * <p><b>Threads.</b> Seed 002's three. The master ({@code main}) connects, starts the two others,
 * waits for the first of them to end, ends the other, joins both and closes the socket. The input
 * thread copies stdin to the socket; the output thread copies the socket to stdout.
 *
 * <p><b>Waking the input thread (seed 002, Parts 2 to 5).</b> When the server closes, the input
 * thread is blocked reading stdin. In Java {@code System.in.read()} cannot be woken:
 * {@code Thread.interrupt()} does nothing to it, and {@code System.in.close()} only points fd 0 at
 * /dev/null under the blocked read. So this client reads stdin through a {@link FileChannel} on fd
 * 0, an interruptible channel, and the master wakes the input thread by closing that channel. The
 * JDK then signals every thread blocked in the channel, and, which is what closes the seed's race,
 * repeats the signal every 50 ms until each has left its read ({@code NativeThreadSet.signalAndWait}):
 * a signal that lands between the thread's "is the channel open?" check and its read(2) is lost,
 * the next one is not. The woken read fails with EINTR, the JDK sees the channel closed and throws
 * {@link AsynchronousCloseException}. No flag of ours, no lost wake-up, and the master can join the
 * input thread instead of abandoning it.
 *
 * <p><b>What closes what, in which order.</b>
 * <ul>
 *   <li>The server closes (or resets): the output thread reads end of stream and ends. The master
 *       closes the stdin channel (waking the input thread), joins both threads, closes the socket
 *       and exits 0 (1 after a reset).</li>
 *   <li>End of input (Ctrl-D, the end of a piped file): the input thread half-closes the socket
 *       ({@code shutdownOutput}: the server reads end of stream and finishes its replies) and ends.
 *       The output thread goes on printing replies until the server closes; the master waits for
 *       it, then exits 0. Not forever: once the server has sent nothing for the drain period (2 s),
 *       the master closes the socket, which wakes the output thread the same way, and exits 1.</li>
 *   <li>SIGINT (Ctrl-C) or SIGTERM: no handler. The JVM's default ends the process at once (status
 *       130 or 143) and the kernel closes the socket and stdin; a client holds nothing else, no
 *       child and no file. A handler that sets a flag for blocked threads to notice would be seed
 *       002's Part 3 again.</li>
 *   <li>Nothing listening: one line on stderr, exit 1, before any thread starts.</li>
 * </ul>
 * Closing the stdin channel does not really close fd 0 either (the JDK points it at /dev/null, so
 * the next file opened cannot become fd 0): harmless in a process about to exit.
 *
 * <p><b>Why not one thread and poll(2)</b>, which is what a C client would do: Java has no selector
 * for stdin (a FileChannel is not selectable), so a single-threaded client would need poll through
 * FFM on raw descriptors, the socket's included. Two threads and an interruptible channel do the
 * same in plain Java.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Interactive echo client: stdin to the server, the server's replies to stdout.")
public final class EchoClientMain implements Callable<Integer> {

    /** How long the master waits for replies after the end of input when the server sends nothing. */
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(2);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Parameters(index = "0", paramLabel = "HOST", description = "The server's host name or address.")
    String host;

    @Parameters(index = "1", paramLabel = "PORT", description = "The server's port.")
    int port;

    @Option(names = "--drain-ms", paramLabel = "MS", defaultValue = "2000",
            description = "After the end of input, give up once the server has sent nothing for MS ms (default: ${DEFAULT-VALUE}).")
    long drainMillis;

    @Override
    public Integer call() throws InterruptedException {
        return run(host, port, Duration.ofMillis(drainMillis));
    }

    /** Connects and runs one session; the exit status. */
    public static int run(String host, int port, Duration drain) throws InterruptedException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
        } catch (IOException e) {
            closeQuietly(socket);
            String why = e instanceof UnknownHostException ? "unknown host" : e.getMessage();
            System.err.println("client: cannot connect to " + host + ":" + port + ": " + why);
            return 1;
        }
        return new Session(socket, drain).run();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EchoClientMain())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    System.err.println("client: " + e);
                    return 1;
                })
                .execute(args));
    }

    /** One connection: the input and output threads, and the master's part (the calling thread). */
    private static final class Session {

        private enum Side { INPUT, OUTPUT }

        private final Socket socket;
        private final Duration drain;
        private final FileChannel stdin = new FileInputStream(FileDescriptor.in).getChannel();
        private final OutputStream stdout = new FileOutputStream(FileDescriptor.out); // unbuffered: each reply shows at once
        private final BlockingQueue<Side> ended = new LinkedBlockingQueue<>();
        private volatile long lastHeardNanos;
        private volatile boolean brokenConnection;

        Session(Socket socket, Duration drain) {
            this.socket = socket;
            this.drain = drain;
        }

        int run() throws InterruptedException {
            Thread input = Thread.ofPlatform().name("echo-input").start(this::copyStdinToServer);
            Thread output = Thread.ofPlatform().name("echo-output").start(this::copyServerToStdout);
            int status;
            if (ended.take() == Side.OUTPUT) {
                closeQuietly(stdin); // the server is gone: wake the input thread out of its read
                input.join();
                status = brokenConnection ? 1 : 0;
            } else {
                status = awaitReplies(output);
                input.join();
            }
            output.join();
            closeQuietly(socket);
            return status;
        }

        /** After the end of input: the replies still coming, bounded by the drain period of silence. */
        private int awaitReplies(Thread output) throws InterruptedException {
            while (true) {
                long left = drain.toNanos() - (System.nanoTime() - lastHeardNanos);
                if (left <= 0) {
                    System.err.println("client: the server sent nothing for " + drain.toMillis()
                            + " ms after the end of input; closing");
                    closeQuietly(socket); // wakes the output thread out of its read
                    output.join();
                    return 1;
                }
                if (ended.poll(left, TimeUnit.NANOSECONDS) != null) {
                    return brokenConnection ? 1 : 0;
                }
            }
        }

        private void copyStdinToServer() {
            ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
            try {
                OutputStream server = socket.getOutputStream();
                while (stdin.read(buffer) >= 0) {
                    server.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                socket.shutdownOutput(); // half-close: the server reads end of stream and finishes its replies
            } catch (AsynchronousCloseException woken) {
                // the master closed stdin because the server is gone: nothing more to send
            } catch (IOException e) {
                // stdin failed (a terminal hung up) or the server is gone (a write failed): this side is done
            } finally {
                lastHeardNanos = System.nanoTime(); // the drain period starts at the end of input
                ended.add(Side.INPUT);
            }
        }

        private void copyServerToStdout() {
            byte[] buffer = new byte[16 * 1024];
            String doing = "reading from the server";
            try {
                InputStream server = socket.getInputStream();
                int n;
                while ((n = server.read(buffer)) > 0) {
                    lastHeardNanos = System.nanoTime();
                    doing = "writing to stdout";
                    stdout.write(buffer, 0, n);
                    doing = "reading from the server";
                }
            } catch (IOException e) {
                if (!socket.isClosed()) { // not the master closing it after the drain period
                    brokenConnection = true;
                    System.err.println("client: error " + doing + ": " + e.getMessage());
                }
            } finally {
                ended.add(Side.OUTPUT);
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort on the way out
        }
    }
}
