package dev.echotck.reference;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The connections a server has open: each is added when it is accepted and taken out when it
 * ends, so that a stop can reach the rest (shut down their input, close them) and can wait until
 * none is left. Used from many threads at once: the acceptor adds, connection threads (or
 * completion handlers) remove, the stop sweeps and waits.
 *
 * <p>Every operation is one atomic step, never a check followed by an act (race-tests probes
 * Topic_02, Topic_04, Topic_07, Topic_08):
 * <ul>
 *   <li>{@link #active()} is an atomic count, updated by each add and each successful remove: no
 *       {@code count++} that two threads can lose.</li>
 *   <li>{@link #tryAdd} enforces the limit (the server's maximum connection count) with one
 *       compare-and-set of that count: "if (active() < limit) add(c)" would let two acceptors
 *       (the async server's accept handlers may run at once) both see room for one and both add.
 *       A slot is taken before the connection is in the set and given back only after it has
 *       left it, so the set never holds more than the limit.</li>
 *   <li>{@link #remove} tells exactly one caller that it removed the connection, even when two
 *       threads remove it at once; a {@code contains} followed by a {@code remove} would tell both.</li>
 *   <li>{@link #close} closes a connection once: the connection's own thread at end of stream and
 *       the stop's last sweep may both get there, and only the one whose removal succeeded closes
 *       it and releases what it holds.</li>
 * </ul>
 */
public final class ConnectionRegistry<C extends AutoCloseable> {

    private final Set<C> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final int limit;

    /** A registry without a limit: {@link #tryAdd} always succeeds. */
    public ConnectionRegistry() {
        this(Integer.MAX_VALUE);
    }

    /** A registry that holds at most {@code limit} connections through {@link #tryAdd}. */
    public ConnectionRegistry(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
    }

    /** Registers a connection that has just been accepted, whatever the limit. */
    public void add(C connection) {
        count.incrementAndGet(); // before it is in the set: a remove never gives back a slot not yet taken
        if (!open.add(connection)) {
            count.decrementAndGet(); // already registered
        }
    }

    /**
     * Registers a connection that has just been accepted if fewer than the limit are open; false
     * (and nothing registered) if the limit is reached: the caller turns the client away.
     */
    public boolean tryAdd(C connection) {
        int now;
        do {
            now = count.get();
            if (now >= limit) {
                return false;
            }
        } while (!count.compareAndSet(now, now + 1));
        if (!open.add(connection)) {
            count.decrementAndGet(); // already registered: it holds a slot already
        }
        return true;
    }

    /** Takes a connection out; true only for the call that actually removed it. */
    public boolean remove(C connection) {
        if (!open.remove(connection)) {
            return false;
        }
        count.decrementAndGet(); // after it has left the set: tryAdd never sees a free slot the set still fills
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

    /** How many connections are open (or being registered this instant). */
    public int active() {
        return count.get();
    }

    /** The most connections {@link #tryAdd} admits at once. */
    public int limit() {
        return limit;
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
