package dev.echotck.kit.target;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Waits, bounded, until a freshly started server accepts connections, or reports why it never did. */
final class ReadinessProbe {

    private static final Duration POLL = Duration.ofMillis(20);

    private ReadinessProbe() {
    }

    static void awaitListening(InetSocketAddress address, LaunchedProcess process, Duration within, String hint) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new TargetSetupException("the server " + process.describeExit() + " before it accepted a connection"
                        + stderrTail(process));
            }
            try (Socket socket = new Socket()) {
                socket.connect(address, (int) POLL.toMillis() * 10);
                return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new TargetSetupException("the server did not accept connections on " + address.getHostString() + ":"
                        + address.getPort() + " within " + within.toMillis() + " ms (" + hint + ")"
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

    private static String stderrTail(LaunchedProcess process) {
        String tail = process.stderrTail(10);
        return tail.isBlank() ? "" : "; its " + process.logName() + " ends with: " + tail.replace('\n', ' ').strip();
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
