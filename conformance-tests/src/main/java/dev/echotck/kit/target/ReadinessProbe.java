package dev.echotck.kit.target;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Waits, bounded, until a freshly started server accepts connections, or reports why it never did. */
final class ReadinessProbe {

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration SERVER_DONE = Duration.ofMillis(250);

    private ReadinessProbe() {
    }

    static void awaitListening(InetSocketAddress address, LaunchedProcess process, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new TargetSetupException("the server " + process.describeExit() + " before it accepted a connection"
                        + stderrTail(process));
            }
            try (Socket socket = new Socket()) {
                socket.connect(address, (int) POLL.toMillis() * 10);
                awaitServerDone(socket);
                return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new TargetSetupException("the server did not accept connections on " + address.getHostString() + ":"
                        + address.getPort() + " within " + within.toMillis() + " ms (does it listen on the port passed as {port}?)"
                        + stderrTail(process));
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetSetupException("interrupted while waiting for the server to listen");
            }
        }
    }

    /**
     * Lets the server finish with the probe's connection before the first check connects: the probe
     * half-closes and waits, briefly, for the server's end of stream. A check that connects while the
     * server is still handling the probe meets a race the check did not cause: a thread-per-client
     * server that hands the fd over through a shared variable gives the check's connection to the
     * probe's thread too (c-fd-handoff-race then failed ECHO-4 about one run in two).
     */
    private static void awaitServerDone(Socket socket) throws IOException {
        socket.shutdownOutput();
        socket.setSoTimeout((int) SERVER_DONE.toMillis());
        try {
            while (socket.getInputStream().read() != -1) {
                // the probe sent nothing, so nothing comes back but the end of stream
            }
        } catch (IOException noEofInTime) {
            // a server that does not close after a half-close is ECHO-5's finding, not a setup error
        }
    }

    private static String stderrTail(LaunchedProcess process) {
        String tail = process.stderrTail(10);
        return tail.isBlank() ? "" : "; its stderr ends with: " + tail.replace('\n', ' ').strip();
    }

    static void awaitReachable(InetSocketAddress address, Duration within) {
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) Math.max(1, within.toMillis()));
        } catch (IOException e) {
            throw new TargetSetupException("nothing accepts connections at " + address.getHostString() + ":" + address.getPort()
                    + " (" + e.getMessage() + ")");
        }
    }
}
