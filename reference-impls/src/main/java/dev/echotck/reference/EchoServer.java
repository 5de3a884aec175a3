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
     * Serves clients until {@link #stop()}; then stops accepting, lets each connection echo what
     * it has read, closes everything, joins what it started and returns.
     */
    void serve() throws IOException, InterruptedException;

    /** Asks {@link #serve()} to finish. Safe from any thread, a signal handler's included; idempotent. */
    void stop();
}
