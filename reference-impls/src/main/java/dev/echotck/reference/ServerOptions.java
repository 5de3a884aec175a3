package dev.echotck.reference;

import java.time.Duration;

/**
 * Options shared by all reference servers.
 *
 * @param bind        address to listen on; loopback unless the user asks otherwise
 * @param port        0 picks a free port (printed on start)
 * @param gracePeriod the drain period of a graceful stop: how long existing connections are still
 *                    served after the listener is closed, before their input is shut down
 */
public record ServerOptions(String bind, int port, Duration gracePeriod) {

    /** The spec's default drain period (spec/rules/SHUT.md). */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);

    public static ServerOptions loopback(int port) {
        return new ServerOptions("127.0.0.1", port, DEFAULT_GRACE);
    }
}
