package dev.echotck.mutants;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A correct interactive client with seed 002's three threads (master, input, output), the same
 * design as the reference client {@code EchoClientMain}, cut into the steps a client mutant
 * overrides: a mutant replaces exactly one step, so its bug is all a reader has to look at.
 */
abstract class ThreadedClient implements ClientProgram {

    static final Duration DRAIN = Duration.ofSeconds(2);

    /** Set by a signal handler, in designs that have one; the loops look at it between reads. */
    volatile boolean stopRequested;

    private final BlockingQueue<String> ended = new LinkedBlockingQueue<>();
    private volatile long lastHeardNanos;

    /** Where the input thread reads: stdin, and how the master wakes a thread blocked in it. */
    interface Stdin {
        int read(byte[] buffer) throws IOException;

        void wake();
    }

    @Override
    public int run(String host, int port) throws Exception {
        installSignalHandlers();
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), 10_000);
        } catch (IOException e) {
            return connectFailed(host, port, e);
        }
        Stdin stdin = openStdin();
        OutputStream toServer = socket.getOutputStream();
        Thread input = Thread.ofPlatform().name("echo-input").start(() -> {
            try {
                copyInput(stdin, toServer);
                socket.shutdownOutput();
            } catch (IOException e) {
                // woken, or the server is gone
            } finally {
                lastHeardNanos = System.nanoTime();
                ended.add("input");
            }
        });
        Thread output = Thread.ofPlatform().name("echo-output").start(() -> {
            try {
                InputStream fromServer = socket.getInputStream();
                OutputStream stdout = new FileOutputStream(FileDescriptor.out);
                byte[] buffer = new byte[16 * 1024];
                int n;
                while (!stopRequested && (n = fromServer.read(buffer)) > 0) {
                    lastHeardNanos = System.nanoTime();
                    stdout.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the master closed the socket, or the connection broke
            } finally {
                ended.add("output");
            }
        });
        int status;
        if (ended.take().equals("output")) {
            stdin.wake();
            input.join();
            status = 0;
        } else {
            status = afterEndOfInput(socket, output);
            input.join();
        }
        output.join();
        socket.close();
        return status;
    }

    /** None: the JVM's default for SIGINT and SIGTERM ends the process, and the kernel releases the rest. */
    void installSignalHandlers() {
    }

    /** One line, status 1. */
    int connectFailed(String host, int port, IOException e) throws IOException {
        System.err.println("client: cannot connect to " + host + ":" + port + ": " + e.getMessage());
        return 1;
    }

    /** Stdin as an interruptible channel: closing it wakes the input thread (the JDK repeats its signal until it has). */
    Stdin openStdin() {
        FileChannel channel = new FileInputStream(FileDescriptor.in).getChannel();
        return new Stdin() {
            @Override
            public int read(byte[] buffer) throws IOException {
                return channel.read(ByteBuffer.wrap(buffer));
            }

            @Override
            public void wake() {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing is best effort on the way out
                }
            }
        };
    }

    /** Copies stdin to the server byte for byte, until end of input. */
    void copyInput(Stdin stdin, OutputStream toServer) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while (!stopRequested && (n = stdin.read(buffer)) >= 0) {
            toServer.write(buffer, 0, n);
        }
    }

    /** The input thread half-closed: print the replies still coming, until the server closes or stays silent for {@link #DRAIN}. */
    int afterEndOfInput(Socket socket, Thread output) throws Exception {
        while (true) {
            long left = DRAIN.toNanos() - (System.nanoTime() - lastHeardNanos);
            if (left <= 0) {
                System.err.println("client: the server sent nothing for " + DRAIN.toMillis() + " ms; closing");
                socket.close();
                return 1;
            }
            if (ended.poll(left, TimeUnit.NANOSECONDS) != null) {
                return 0;
            }
        }
    }
}
