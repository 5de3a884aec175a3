package dev.echotck.reference;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a call to {@link EchoServer#stop()}.
 *
 * <p>Why not a shutdown hook: the JVM runs hooks and then exits with status 143 (128 + SIGTERM)
 * whatever they do, and the spec asks for status 0 after a graceful stop. Handling the signal
 * ourselves keeps the JVM alive until {@code serve()} returns and {@code main} exits normally.
 * {@code sun.misc.Signal} is the JDK's supported-but-unofficial way to do that (module
 * jdk.unsupported). The handler runs on a thread of its own and only calls {@code stop()}, which
 * returns at once: the drain and the joins happen in {@code serve()}, on the main thread.
 *
 * <p>Both signals, because both are how people stop a server: SIGTERM from {@code kill}, systemd
 * or Docker, SIGINT from Ctrl-C in the terminal.
 */
@SuppressWarnings("removal")
public final class ShutdownSignals {

    private ShutdownSignals() {
    }

    public static void stopOnTermOrInt(EchoServer server) {
        Signal.handle(new Signal("TERM"), signal -> server.stop());
        Signal.handle(new Signal("INT"), signal -> server.stop());
    }
}
