package dev.echotck.reference;

import java.io.IOException;
import java.nio.ByteBuffer;
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
 */
@SuppressWarnings("removal")
public final class ForkedEchoChild {

    private ForkedEchoChild() {
    }

    public static void main(String[] args) throws IOException {
        if (!(System.inheritedChannel() instanceof SocketChannel client)) {
            System.err.println("forked echo child: stdin is not a connected socket; "
                    + "this program is started by the forked server, one per client");
            System.exit(2);
            return;
        }
        Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
        Signal.handle(new Signal("TERM"), signal -> shutdownInput(client));
        try (client) {
            echo(client);
        } catch (IOException e) {
            // the client reset the connection: nothing left to serve
        }
    }

    /** Writes back everything it reads until end of stream. */
    static void echo(SocketChannel client) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);
        while (client.read(buffer) != -1) {
            buffer.flip();
            while (buffer.hasRemaining()) { // a blocking channel writes it all, but the loop says why it is correct
                client.write(buffer);
            }
            buffer.clear();
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
