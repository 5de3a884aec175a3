package dev.echotck.reference;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A server's stop request: made once, from any thread (a signal handler's included), seen by every
 * thread of the server, and able to wake the threads that are blocked waiting for work.
 *
 * <p>Two classic bugs it rules out (race-tests probes Topic_03 and Topic_05):
 * <ul>
 *   <li><b>An unseen flag.</b> A plain {@code boolean running} polled by an accept loop may be read
 *       once and kept in a register by the JIT: the loop never sees the stop. {@link #requested()}
 *       is a volatile read (the count of a {@link CountDownLatch}), so a loop that polls it sees the
 *       request.</li>
 *   <li><b>A lost wake-up</b> (seed 002, part 3): "set a flag, then signal the thread" fails when
 *       the signal comes after the thread has checked the flag but before it blocks. Here every
 *       way to wait cannot miss a request: {@link #await()} checks and parks in one step, and each
 *       wake-up registered with {@link #onRequest} is sticky: a {@code Selector.wakeup()} that comes
 *       before {@code select()} makes that {@code select()} return at once, and a closed listener
 *       fails every later {@code accept}.</li>
 * </ul>
 * Only the first {@link #request} counts: SIGTERM and SIGINT each run their handler on a thread of
 * their own, and a second stop must not move the end of the drain period.
 */
public final class StopSignal {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final List<Runnable> wakeUps = new CopyOnWriteArrayList<>();
    private volatile long drainEnds; // System.nanoTime() at which the drain period ends; written before the request

    /**
     * Requests the stop, with the given drain period from now, and runs the registered wake-ups.
     * Returns true for the call that made the request, false for every later one (which changes
     * nothing).
     */
    public boolean request(Duration drain) {
        synchronized (this) {
            if (requested()) {
                return false;
            }
            drainEnds = System.nanoTime() + drain.toNanos();
            requested.countDown(); // publishes drainEnds to every thread that sees requested()
        }
        wakeUps.forEach(Runnable::run);
        return true;
    }

    /** True once the stop has been requested. A volatile read: a loop that polls it sees the request. */
    public boolean requested() {
        return requested.getCount() == 0;
    }

    /** When the drain period ends, as a {@link System#nanoTime()}; meaningful once {@link #requested()}. */
    public long drainEnds() {
        return drainEnds;
    }

    /** Blocks until the stop is requested; returns at once if it already was. */
    public void await() throws InterruptedException {
        requested.await();
    }

    /**
     * Registers what wakes a thread blocked waiting for work (e.g. {@code selector::wakeup}); it is
     * run by the request, or at once if the stop was already requested. It may run twice when the
     * registration and the request race, so it must be harmless to repeat, as wake-ups are.
     */
    public void onRequest(Runnable wakeUp) {
        wakeUps.add(wakeUp);
        if (requested()) {
            wakeUp.run();
        }
    }
}
