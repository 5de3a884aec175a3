package dev.echotck.reference;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The connections a server has open: each is added when it is accepted and taken out when it
 * ends, so that a stop can reach the rest (shut down their input, close them) and can wait until
 * none is left. Used from many threads at once: the acceptor adds, connection threads (or
 * completion handlers) remove, the stop sweeps and waits.
 *
 * <p>Every operation is one atomic step of a {@link ConcurrentHashMap}, never a check followed by
 * an act (race-tests probes Topic_02, Topic_04, Topic_07):
 * <ul>
 *   <li>{@link #active()} is the map's own count, updated atomically by each add and remove: no
 *       {@code count++} that two threads can lose.</li>
 *   <li>{@link #remove} tells exactly one caller that it removed the connection, even when two
 *       threads remove it at once; a {@code contains} followed by a {@code remove} would tell both.</li>
 *   <li>{@link #close} closes a connection once: the connection's own thread at end of stream and
 *       the stop's last sweep may both get there, and only the one whose removal succeeded closes
 *       it and releases what it holds.</li>
 * </ul>
 */
public final class ConnectionRegistry<C extends AutoCloseable> {

    private final Set<C> open = ConcurrentHashMap.newKeySet();

    /** Registers a connection that has just been accepted. */
    public void add(C connection) {
        open.add(connection);
    }

    /** Takes a connection out; true only for the call that actually removed it. */
    public boolean remove(C connection) {
        if (!open.remove(connection)) {
            return false;
        }
        if (open.isEmpty()) {
            synchronized (this) {
                notifyAll(); // awaitEmpty checks under this lock, so this wake-up cannot fall between its check and its wait
            }
        }
        return true;
    }

    /** Takes a connection out and closes it, once: true only for the call that did. */
    public boolean close(C connection) {
        if (!remove(connection)) {
            return false; // someone else closed it, or is closing it
        }
        try {
            connection.close();
        } catch (Exception ignored) {
            // closing is best effort: the connection is over either way
        }
        return true;
    }

    /** How many connections are open. */
    public int active() {
        return open.size();
    }

    /** Runs the action on every connection open now (and maybe on ones added meanwhile). */
    public void forEach(Consumer<? super C> action) {
        open.forEach(action);
    }

    /**
     * Waits until no connection is open or the deadline (a {@link System#nanoTime()}) has passed;
     * true if none is open.
     */
    public synchronized boolean awaitEmpty(long deadline) throws InterruptedException {
        long left;
        while (!open.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return open.isEmpty();
    }
}
