package dev.echotck.reference;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Options shared by all reference servers.
 *
 * @param bind           address to listen on; loopback unless the user asks otherwise
 * @param port           0 picks a free port (printed on start)
 * @param gracePeriod    the drain period of a graceful stop: how long existing connections are still
 *                       served after the listener is closed, before their input is shut down
 * @param maxConnections at most this many connections open at once; empty: the model's default
 *                       ({@code DEFAULT_MAX_CONNECTIONS} of each server). A connection beyond it is
 *                       accepted and closed at once, without a byte read or written: its client
 *                       sees end of stream (or a reset, if it had already sent bytes)
 * @param idleTimeout    a connection on which the server has waited this long for input without
 *                       receiving a byte is closed (its echo has all been written by then); empty:
 *                       never, an idle client may stay connected for as long as it likes
 */
public record ServerOptions(String bind, int port, Duration gracePeriod, OptionalInt maxConnections,
                            Optional<Duration> idleTimeout) {

    /** The spec's default drain period (spec/rules/SHUT.md). */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);

    public ServerOptions {
        if (maxConnections.isPresent() && maxConnections.getAsInt() < 1) {
            throw new IllegalArgumentException("the maximum connection count must be at least 1, not " + maxConnections.getAsInt());
        }
        if (idleTimeout.isPresent() && (idleTimeout.get().isNegative() || idleTimeout.get().isZero())) {
            throw new IllegalArgumentException("the idle timeout must be positive, not " + idleTimeout.get());
        }
    }

    /** The model's default connection limit and no idle timeout. */
    public ServerOptions(String bind, int port, Duration gracePeriod) {
        this(bind, port, gracePeriod, OptionalInt.empty(), Optional.empty());
    }

    public static ServerOptions loopback(int port) {
        return new ServerOptions("127.0.0.1", port, DEFAULT_GRACE);
    }

    /** The connection limit the user asked for, else the model's own default. */
    public int maxConnectionsOr(int modelDefault) {
        return maxConnections.orElse(modelDefault);
    }

    public ServerOptions withMaxConnections(int max) {
        return new ServerOptions(bind, port, gracePeriod, OptionalInt.of(max), idleTimeout);
    }

    public ServerOptions withIdleTimeout(Duration timeout) {
        return new ServerOptions(bind, port, gracePeriod, maxConnections, Optional.of(timeout));
    }
}
