package dev.echotck.mutants;

import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.echotck.reference.ServerOptions;

/**
 * Mutant thread-pool-exhaustion: every connection is served by a fixed pool of {@link #WORKERS}
 * threads, and each worker stays with its client until the client leaves. Four clients that are
 * idle (or simply connected) occupy the whole pool; the next client's connection is accepted but
 * waits in the pool's queue, unserved.
 */
final class FixedPoolServer extends AcceptLoopServer {

    static final int WORKERS = 4;

    private final ExecutorService pool = Executors.newFixedThreadPool(WORKERS); // BUG: at most 4 clients at a time

    FixedPoolServer(ServerOptions options) {
        super(options);
    }

    @Override
    void dispatch(Socket client) {
        pool.execute(() -> echo(client));
    }

    @Override
    void awaitHandlers() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(3, TimeUnit.SECONDS);
        pool.shutdownNow();
    }
}
