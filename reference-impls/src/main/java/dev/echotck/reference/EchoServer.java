package dev.echotck.reference;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * What every reference server offers its launcher: bind, serve until stopped, stop gracefully.
 * The concurrency model lives entirely in the implementing class.
 */
public interface EchoServer {

    /** Binds the listening socket. After this, {@link #address()} is known and clients may connect. */
    void bind() throws IOException;

    InetSocketAddress address();

    /**
     * Serves clients until {@link #stop()}; then, as spec/rules/SHUT.md says: refuses new clients
     * at once, serves existing connections for the drain period, then shuts down their input (or
     * stops reading them), writes what it has read, closes them, joins what it started and
     * returns. The whole stop takes at most the drain period plus a few seconds.
     */
    void serve() throws IOException, InterruptedException;

    /** Asks {@link #serve()} to finish. Safe from any thread, a signal handler's included; idempotent. */
    void stop();
}
