package dev.echotck.mutants;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

import dev.echotck.reference.BlockingEchoServer;
import dev.echotck.reference.ServerOptions;
import sun.misc.Signal;

/**
 * Mutant exit-nonzero-on-sigterm: the stop runs in a shutdown hook, as most Java tutorials show,
 * and the signals keep the JVM's default handling. The stop itself is correct (listener closed,
 * drain, wake, join), but the JVM runs the hook on SIGTERM and then exits with 128 + 15 = 143
 * (130 on SIGINT), whatever the hook does: to a service manager, a crash.
 */
@SuppressWarnings("removal")
final class ShutdownHookServer extends BlockingEchoServer {

    private final CountDownLatch served = new CountDownLatch(1);

    ShutdownHookServer(ServerOptions options) {
        super(options);
    }

    @Override
    public void bind() throws IOException {
        super.bind();
        // ServerMain has installed handlers that stop the server and let main return 0; undo them.
        for (String name : new String[] {"TERM", "INT"}) {
            // BUG: what the JVM does by default (java.lang.Terminator): run the hooks, exit 128 + signal
            Signal.handle(new Signal(name), signal -> System.exit(128 + signal.getNumber()));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop();
            try {
                served.await(); // let the graceful stop finish before the JVM halts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "graceful-stop"));
    }

    @Override
    public void serve() throws InterruptedException {
        try {
            super.serve();
        } finally {
            served.countDown();
        }
    }
}
