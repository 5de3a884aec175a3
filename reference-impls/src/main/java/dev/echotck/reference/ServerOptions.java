package dev.echotck.reference;

import java.time.Duration;

/**
 * Options shared by all reference servers.
 *
 * @param bind        address to listen on; loopback unless the user asks otherwise
 * @param port        0 picks a free port (printed on start)
 * @param gracePeriod how long a graceful stop waits for connections to finish echoing before
 *                    it closes them forcibly
 */
public record ServerOptions(String bind, int port, Duration gracePeriod) {

    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(3);

    public static ServerOptions loopback(int port) {
        return new ServerOptions("127.0.0.1", port, DEFAULT_GRACE);
    }
}
