package dev.echotck.reference;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The child process of {@link ForkedEchoServer}: serves the one client whose connection it
 * finds on its standard input, then exits. What the C seeds' child does after {@code fork()}
 * returns 0, as a program of its own.
 *
 * <p>{@link System#inheritedChannel()} is the JDK's API for exactly this (it was made for inetd):
 * when fd 0 is a connected socket it returns it as a {@link SocketChannel}.
 *
 * <p>Signals: SIGTERM is the parent's "the drain period is over" (see
 * {@link ForkedEchoServer}): shutting down the input side wakes the blocked read with end of
 * stream, so the loop writes back what it has read and the process exits 0. SIGINT is ignored: a
 * Ctrl-C in a terminal reaches the whole process group, children included, and it is the parent
 * that decides when they end.
 *
 * <p>Idle timeout ({@code --idle-timeout-ms N}, passed by the parent when the server has one): a
 * read that waits that long without a byte ends the child, which closes its connection. The
 * inherited channel is blocking, and a {@link SocketChannel}'s own {@code read} has no timeout;
 * its socket adaptor's stream does ({@code SO_TIMEOUT}), so the child reads through that: no
 * selector, no watchdog thread.
 */
@SuppressWarnings("removal")
public final class ForkedEchoChild {

    /** The argument that sets the idle timeout, in milliseconds; without it the child waits for input forever. */
    static final String IDLE_TIMEOUT_MS = "--idle-timeout-ms";
    /**
     * The argument that says fd 3 is the write end of the parent's start-up pipe: the child writes
     * one byte there once its JVM is up, so the parent knows one fewer child is starting. Only
     * with this argument: without it, fd 3 may be any file the JVM opened.
     */
    static final String READY_FD_3 = "--ready-fd-3";

    private ForkedEchoChild() {
    }

    public static void main(String[] args) throws IOException {
        int idleTimeoutMillis = 0; // none
        boolean signalReady = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(IDLE_TIMEOUT_MS) && i + 1 < args.length) {
                idleTimeoutMillis = Integer.parseInt(args[++i]);
            } else if (args[i].equals(READY_FD_3)) {
                signalReady = true;
            }
        }
        if (!(System.inheritedChannel() instanceof SocketChannel client)) {
            System.err.println("forked echo child: stdin is not a connected socket; "
                    + "this program is started by the forked server, one per client");
            System.exit(2);
            return;
        }
        Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
        Signal.handle(new Signal("TERM"), signal -> shutdownInput(client));
        if (signalReady) {
            signalReady();
        }
        try (client) {
            echo(client, idleTimeoutMillis);
        } catch (IOException e) {
            // the client reset the connection, or was idle too long (SocketTimeoutException): nothing left to serve
        }
    }

    /** Writes back everything it reads until end of stream; a read that waits {@code idleTimeoutMillis} (0: forever) throws. */
    static void echo(SocketChannel client, int idleTimeoutMillis) throws IOException {
        client.socket().setSoTimeout(idleTimeoutMillis); // honoured by the adaptor's stream, not by client.read
        InputStream in = client.socket().getInputStream();
        OutputStream out = client.socket().getOutputStream(); // writes the whole buffer or throws
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) != -1) {
            out.write(buffer, 0, n);
        }
    }

    /** Java cannot wrap a raw fd number, but it can open the pipe again through /proc. */
    private static void signalReady() {
        try (OutputStream ready = new FileOutputStream("/proc/self/fd/3")) {
            ready.write('R');
        } catch (IOException e) {
            // the parent has gone or stopped waiting: it counts this child as started anyway
        }
    }

    private static void shutdownInput(SocketChannel client) {
        try {
            client.shutdownInput();
        } catch (IOException e) {
            // already closed: the loop has ended anyway
        }
    }
}
