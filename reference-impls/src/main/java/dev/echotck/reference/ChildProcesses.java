package dev.echotck.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.echotck.reference.Posix.ErrnoException;

/**
 * The children a forking server started and has not reaped yet. Each has a pidfd, an fd that
 * polls readable when its process ends, and while it starts up, the read end of a pipe on which
 * it writes one byte once its JVM is up. The server's loop polls these fds together with its
 * listener ({@link #fds()}, {@link #afterPoll}), so a child's exit wakes the loop, which reaps it at
 * once, and nothing wakes on a timer while the server is idle (rule HYG-5: a 100 ms tick made an
 * idle forked server want a CPU 10 times a second, which a busy machine turns into a real share
 * of a core spent waiting in the run queue).
 *
 * <p>Seed 001 reaps from a SIGCHLD handler; a JVM owns its signal handlers, and a pidfd is the
 * fd-shaped answer that fits a poll loop (seed 002's "poll on the data channel and a control
 * channel"). Only pids this server started are waited for ({@code waitpid(-1)} would steal the exit
 * status of other processes the same JVM runs, in a test for example). Where {@code pidfd_open}
 * fails (a kernel before 5.3, or the fd limit reached) the child is kept without one, and the loop
 * wakes every {@link #TICK_MS} to reap it, as before pidfds existed.
 *
 * <p>Confined to one thread (the server's serve thread): no locks.
 */
final class ChildProcesses {

    /** The longest a child without a pidfd stays a zombie. */
    static final int TICK_MS = 100;
    /**
     * A child that has not said it is up after this long no longer counts as starting: a child
     * stuck in its start must not hold the accept loop back for good.
     */
    static final int START_BOUND_MS = 5_000;
    private static final int NONE = -1;

    private static final class Child {
        final int pid;
        final int pidfd;
        int readyFd; // NONE once the child is up (or given up on)
        final long startDeadline;

        Child(int pid, int pidfd, int readyFd) {
            this.pid = pid;
            this.pidfd = pidfd;
            this.readyFd = readyFd;
            this.startDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_BOUND_MS);
        }
    }

    private final Map<Integer, Child> byPid = new LinkedHashMap<>();
    private long lastLook = System.nanoTime();

    /** Tracks a child just started; {@code readyFd} (or -1) is the read end of its start-up pipe, now this object's. */
    void add(int pid, int readyFd) {
        int pidfd;
        try {
            pidfd = Posix.pidfdOpen(pid);
        } catch (ErrnoException e) {
            pidfd = NONE; // ENOSYS or EMFILE: reaped on the tick instead
        }
        byPid.put(pid, new Child(pid, pidfd, readyFd));
    }

    int count() {
        return byPid.size();
    }

    /** Children started that have not said they are up yet (nor run out of START_BOUND_MS). */
    int starting() {
        return (int) byPid.values().stream().filter(child -> child.readyFd != NONE).count();
    }

    private boolean anyWithoutPidfd() {
        return byPid.values().stream().anyMatch(child -> child.pidfd == NONE);
    }

    boolean isEmpty() {
        return byPid.isEmpty();
    }

    /** The fds to poll for input: every pidfd and every start-up pipe, in no particular order. */
    int[] fds() {
        List<Integer> fds = new ArrayList<>();
        for (Child child : byPid.values()) {
            if (child.pidfd != NONE) {
                fds.add(child.pidfd);
            }
            if (child.readyFd != NONE) {
                fds.add(child.readyFd);
            }
        }
        return fds.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * How long the loop may block: until a starting child's start bound, or a tick while some child
     * can only be reaped by looking; -1 (until something happens) otherwise, the idle case.
     */
    int pollTimeoutMillis() {
        long timeout = anyWithoutPidfd() ? TICK_MS : Long.MAX_VALUE;
        long now = System.nanoTime();
        for (Child child : byPid.values()) {
            if (child.readyFd != NONE) {
                timeout = Math.min(timeout, Math.max(1, TimeUnit.NANOSECONDS.toMillis(child.startDeadline - now) + 1));
            }
        }
        return timeout == Long.MAX_VALUE ? -1 : (int) timeout;
    }

    /**
     * After a poll of {@code fds()} (from {@code offset} in {@code fds}, with {@code ready} its
     * result): notes the children that are up, and reaps those that ended (all that ended, when a
     * pidfd said so or a tick is due for children without one).
     */
    void afterPoll(int[] fds, boolean[] ready, int offset) {
        long now = System.nanoTime();
        Set<Integer> readable = new HashSet<>();
        for (int i = offset; i < fds.length; i++) {
            if (ready[i]) {
                readable.add(fds[i]);
            }
        }
        for (Child child : byPid.values()) {
            if (child.readyFd != NONE && (now - child.startDeadline >= 0 || readable.contains(child.readyFd))) {
                up(child);
            }
        }
        // Any readable fd may mean an ended child: a pidfd, or a start-up pipe whose child died before it was up.
        boolean anyEnded = !readable.isEmpty()
                || anyWithoutPidfd() && now - lastLook >= TimeUnit.MILLISECONDS.toNanos(TICK_MS);
        if (anyEnded) {
            reapFinished();
            lastLook = now;
        }
    }

    /** The child wrote its byte, closed the pipe by exiting, or ran out of its start bound. */
    private void up(Child child) {
        closeQuietly(child.readyFd);
        child.readyFd = NONE;
    }

    /** Reaps every child that has ended; never blocks. */
    void reapFinished() {
        for (Iterator<Child> it = byPid.values().iterator(); it.hasNext(); ) {
            Child child = it.next();
            if (reaped(child.pid)) {
                forget(child);
                it.remove();
            }
        }
    }

    /** Sends {@code signal} to every child not reaped yet. */
    void signalAll(int signal) {
        for (int pid : byPid.keySet()) {
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
            int[] pidfds = byPid.values().stream().filter(c -> c.pidfd != NONE).mapToInt(c -> c.pidfd).toArray();
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            int wait = (int) Math.min(left, anyWithoutPidfd() ? 20 : Integer.MAX_VALUE);
            try {
                if (pidfds.length == 0) {
                    Thread.sleep(wait);
                } else {
                    boolean[] input = new boolean[pidfds.length];
                    Arrays.fill(input, true);
                    Posix.poll(pidfds, input, wait);
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
        for (Child child : new ArrayList<>(byPid.values())) {
            try {
                Posix.waitpid(child.pid, true); // SIGKILL cannot be caught: this returns
            } catch (ErrnoException e) {
                // ECHILD: already reaped
            }
            forget(child);
            byPid.remove(child.pid);
        }
    }

    private void forget(Child child) {
        if (child.readyFd != NONE) {
            up(child);
        }
        if (child.pidfd != NONE) {
            closeQuietly(child.pidfd);
        }
    }

    private static boolean reaped(int pid) {
        try {
            return Posix.waitpid(pid, false).isPresent();
        } catch (ErrnoException e) {
            return e.errno() == Posix.ECHILD; // someone else reaped it: it is gone either way
        }
    }

    private static void closeQuietly(int fd) {
        try {
            Posix.close(fd);
        } catch (ErrnoException e) {
            // EINTR on close still frees the fd on Linux
        }
    }
}
