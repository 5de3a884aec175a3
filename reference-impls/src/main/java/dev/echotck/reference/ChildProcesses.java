package dev.echotck.reference;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.echotck.reference.Posix.ErrnoException;

/**
 * The children a forking server started and has not reaped yet, each with a pidfd: an fd that
 * polls readable when its process ends. The server's loop polls these fds together with its
 * listener, so a child's exit wakes the loop, which reaps it at once: no zombie lingers, and
 * nothing wakes on a timer while the server is idle (rule HYG-5; a 100 ms tick made an idle
 * forked server want a CPU 10 times a second, which a busy machine turns into a real share of a
 * core spent waiting in the run queue).
 *
 * <p>Seed 001 reaps from a SIGCHLD handler; a JVM owns its signal handlers, and a pidfd is the
 * fd-shaped answer that fits a poll loop. Only pids this server started are waited for
 * ({@code waitpid(-1)} would steal the exit status of other processes the same JVM runs, in a test
 * for example). Where {@code pidfd_open} fails (a kernel before 5.3, or the fd limit reached) the
 * child is kept without one, and {@link #pollTimeoutMillis()} tells the loop to wake every
 * {@link #TICK_MS} to reap it, as before pidfds existed.
 *
 * <p>Confined to one thread (the server's serve thread): no locks.
 */
final class ChildProcesses {

    /** The longest a child without a pidfd stays a zombie. */
    static final int TICK_MS = 100;
    private static final int NO_PIDFD = -1;

    private final Map<Integer, Integer> pidfdByPid = new LinkedHashMap<>();
    private int withoutPidfd;

    /** Tracks a child just started. */
    void add(int pid) {
        int pidfd;
        try {
            pidfd = Posix.pidfdOpen(pid);
        } catch (ErrnoException e) {
            pidfd = NO_PIDFD; // ENOSYS or EMFILE: reaped on the tick instead
            withoutPidfd++;
        }
        pidfdByPid.put(pid, pidfd);
    }

    int count() {
        return pidfdByPid.size();
    }

    boolean isEmpty() {
        return pidfdByPid.isEmpty();
    }

    /** The fds to poll for the children's ends, in no particular order. */
    int[] pidfds() {
        return pidfdByPid.values().stream().filter(fd -> fd != NO_PIDFD).mapToInt(Integer::intValue).toArray();
    }

    /** -1 (block until something happens) unless some child can only be reaped by looking. */
    int pollTimeoutMillis() {
        return withoutPidfd > 0 ? TICK_MS : -1;
    }

    /** Reaps every child that has ended; never blocks. */
    void reapFinished() {
        for (Iterator<Map.Entry<Integer, Integer>> it = pidfdByPid.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Integer> child = it.next();
            if (reaped(child.getKey())) {
                forget(child.getValue());
                it.remove();
            }
        }
    }

    /** Sends {@code signal} to every child not reaped yet. */
    void signalAll(int signal) {
        for (int pid : pidfdByPid.keySet()) {
            try {
                Posix.kill(pid, signal); // safe: an unreaped child's pid cannot have been reused
            } catch (ErrnoException e) {
                // ESRCH cannot happen for an unreaped child; anything else: the caller's next step handles it
            }
        }
    }

    /** Waits up to {@code millis} for every child to end, reaping them as they do. */
    void awaitAll(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        reapFinished();
        while (!isEmpty() && System.nanoTime() < deadline) {
            int[] fds = pidfds();
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            int wait = (int) Math.min(left, withoutPidfd > 0 ? 20 : Integer.MAX_VALUE);
            try {
                if (fds.length == 0) {
                    Thread.sleep(wait);
                } else {
                    Posix.pollReadable(fds, wait);
                }
            } catch (ErrnoException e) {
                Thread.sleep(1); // EINTR: look again
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            reapFinished();
        }
    }

    /** Kills every child left and reaps it: none outlives this call. */
    void killAndReapAll() {
        signalAll(Posix.SIGKILL);
        List<Integer> pids = new ArrayList<>(pidfdByPid.keySet());
        for (int pid : pids) {
            try {
                Posix.waitpid(pid, true); // SIGKILL cannot be caught: this returns
            } catch (ErrnoException e) {
                // ECHILD: already reaped
            }
            forget(pidfdByPid.remove(pid));
        }
    }

    private void forget(int pidfd) {
        if (pidfd == NO_PIDFD) {
            withoutPidfd--;
            return;
        }
        try {
            Posix.close(pidfd);
        } catch (ErrnoException e) {
            // EINTR on close still frees the fd on Linux
        }
    }

    private static boolean reaped(int pid) {
        try {
            return Posix.waitpid(pid, false).isPresent();
        } catch (ErrnoException e) {
            return e.errno() == Posix.ECHILD; // someone else reaped it: it is gone either way
        }
    }
}
