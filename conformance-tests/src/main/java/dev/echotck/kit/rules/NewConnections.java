package dev.echotck.kit.rules;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;

import dev.echotck.kit.target.ServerUnderTest;

/**
 * Tries new connections to a stopping server until one is refused: the sign that its listening
 * socket is closed (SHUT-3), and that it has received the stop signal (SHUT-6).
 */
final class NewConnections {

    private static final Duration PAUSE = Duration.ofMillis(20);

    /**
     * @param refused  whether an attempt was refused (ECONNREFUSED) within the bound
     * @param accepted attempts that connected: a listener still open (its backlog completes the
     *                 handshake even when nobody calls accept)
     * @param other    attempts that failed otherwise (a timeout: a full backlog)
     * @param elapsed  from the start of the probe to the refusal, or to the bound
     */
    record Refusal(boolean refused, int accepted, int other, Duration elapsed) {

        String describe() {
            String when = ServerStop.seconds(elapsed.toNanos());
            String before = accepted + (accepted == 1 ? " attempt was" : " attempts were") + " accepted"
                    + (other > 0 ? " and " + other + " failed otherwise (timed out)" : "");
            return refused ? "a new connection was refused " + when + " after the signal; before that " + before
                    : "for " + when + " after the signal no new connection was refused: " + before;
        }
    }

    private NewConnections() {
    }

    /** Connects every 20 ms until refused or until {@code within} has passed since {@code since} (a nanoTime). */
    static Refusal awaitRefused(ServerUnderTest server, long since, Duration within) {
        long deadline = since + within.toNanos();
        int accepted = 0;
        int other = 0;
        while (true) {
            long left = deadline - System.nanoTime();
            try (Socket probe = new Socket()) {
                probe.connect(server.address(), (int) Math.max(50, Math.min(500, left / 1_000_000)));
                accepted++;
            } catch (ConnectException e) {
                if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("refused")) {
                    return new Refusal(true, accepted, other, Duration.ofNanos(System.nanoTime() - since));
                }
                other++;
            } catch (IOException e) {
                other++;
            }
            if (System.nanoTime() - deadline >= 0) {
                return new Refusal(false, accepted, other, Duration.ofNanos(System.nanoTime() - since));
            }
            sleep(PAUSE);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
