package dev.echotck.mutants;

import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import dev.echotck.reference.ServerOptions;

/**
 * Mutant fd-handoff-race: seed 000's {@code pthread_create(&tinfo, &attr, serve_connection,
 * &client_fd)} in Java. The accept loop stores each new connection in one field and starts a
 * thread that reads the field when it gets going; if the next accept has overwritten it by then,
 * two threads serve the newer connection and the older one is never served.
 *
 * <p>In C the window is the time between {@code pthread_create} and the new thread's first line,
 * and the race shows once in many runs. Here the thread waits {@link #THREAD_START_DELAY_MS} ms
 * before it reads the field, standing for a slow thread start on a busy machine: clients that
 * connect within that window of each other are lost every time, so the mutant's verdicts are
 * stable. Clients that connect one at a time, each after the previous was served, are unaffected.
 */
final class SharedClientFieldServer extends AcceptLoopServer {

    static final long THREAD_START_DELAY_MS = 20;

    private volatile Socket clientFd; // BUG: one variable for every new connection, shared with the threads
    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();

    SharedClientFieldServer(ServerOptions options) {
        super(options);
    }

    @Override
    void dispatch(Socket client) {
        clientFd = client;
        Thread handler = Thread.ofPlatform().unstarted(() -> {
            LockSupport.parkNanos(THREAD_START_DELAY_MS * 1_000_000);
            Socket mine = clientFd; // BUG: whichever connection was accepted last, not necessarily ours
            try {
                echo(mine);
            } finally {
                handlers.remove(Thread.currentThread());
            }
        });
        handlers.add(handler);
        handler.start();
    }

    @Override
    void awaitHandlers() throws InterruptedException {
        for (Thread handler : Set.copyOf(handlers)) {
            handler.join(1000);
        }
    }
}
