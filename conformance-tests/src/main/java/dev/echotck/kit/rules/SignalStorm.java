package dev.echotck.kit.rules;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.echotck.kit.process.ProcessSnapshot;
import dev.echotck.kit.process.Signals;
import dev.echotck.kit.target.LaunchedProcess;

/**
 * Signals for ROB-3: SIGCHLD, SIGWINCH and SIGURG in turn, about 1 ms apart, sent either to the
 * server's pid or to its whole process group. All three are ignored by default, so they can only
 * matter to a server that installed a handler for them, and then they interrupt its blocking calls
 * (EINTR) unless the handler was installed with SA_RESTART.
 *
 * <p>Why spaced out: a signal that arrives while the same signal is still pending is merged with
 * it. A short pause between sends lets the server run its handler in between, so the calls it is
 * blocked in are interrupted many times, not once.
 *
 * <p>Why two targets: {@code kill PID} reaches only the process that accepts; a terminal sends
 * SIGWINCH (and Ctrl-C's SIGINT) to its whole foreground process group, which reaches the children
 * of a forking server too, and they inherit the parent's handlers.
 */
final class SignalStorm {

    /** Where the signals go. */
    enum Target {
        /** the server's process only, as {@code kill -WINCH PID} does */
        PROCESS,
        /** every process of the server's group, as a terminal signals its foreground job */
        GROUP
    }

    private static final int[] HARMLESS = {Signals.SIGCHLD, Signals.SIGWINCH, Signals.SIGURG};
    private static final long SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final LaunchedProcess process;
    private final int count;
    private final Target target;
    /** The server leads its own process group (the kit starts it with setsid): kill(-pgid) reaches it all. */
    private final boolean leadsGroup;
    /** Without a group of its own, the processes to signal one by one: the server and what it forked. */
    private final List<Long> members;
    private volatile int sent;

    private SignalStorm(LaunchedProcess process, int count, Target target) {
        this.process = process;
        this.count = count;
        this.target = target;
        this.leadsGroup = target == Target.GROUP
                && ProcessSnapshot.take(process.pid()).map(s -> s.pgrp() == s.pid()).orElse(false);
        this.members = target == Target.GROUP && !leadsGroup ? process.tree().pids() : List.of(process.pid());
    }

    /** Sends {@code count} signals now, returning when they are sent or the process is gone. */
    static SignalStorm send(LaunchedProcess process, int count, Target target) {
        SignalStorm storm = new SignalStorm(process, count, target);
        storm.run();
        return storm;
    }

    /** Sends {@code count} signals from another thread; the future completes when they are sent. */
    static CompletableFuture<SignalStorm> start(LaunchedProcess process, int count, Target target) {
        SignalStorm storm = new SignalStorm(process, count, target);
        return CompletableFuture.supplyAsync(() -> {
            storm.run();
            return storm;
        }, task -> Thread.ofPlatform().daemon().name("echotck-signal-storm").start(task));
    }

    private void run() {
        for (int i = 0; i < count; i++) {
            if (!process.isAlive() || !deliver(HARMLESS[i % HARMLESS.length])) {
                return; // the server is gone: the check reports its death
            }
            sent = i + 1;
            LockSupport.parkNanos(SPACING_NANOS);
        }
    }

    private boolean deliver(int signal) {
        if (leadsGroup) {
            return Signals.sendToGroup(process.pid(), signal);
        }
        boolean any = false;
        for (long pid : members) {
            any |= Signals.send(pid, signal);
        }
        return any;
    }

    int sent() {
        return sent;
    }

    /**
     * For evidence: "100 signals (SIGCHLD, SIGWINCH, SIGURG in turn, about 1 ms apart) to the
     * server's process group 4242 (the server and every process it forked, as a terminal signals
     * its foreground job)".
     */
    String describe() {
        String how = " (SIGCHLD, SIGWINCH, SIGURG in turn, about 1 ms apart) to " + to();
        return sent == count ? count + " signals" + how
                : sent + " of " + count + " signals" + how + ", when its process was gone";
    }

    private String to() {
        if (target == Target.PROCESS) {
            return "the server's pid " + process.pid() + " only (as kill -SIG PID does)";
        }
        if (leadsGroup) {
            return "the server's process group " + process.pid() + " (the server and every process it forked, as a "
                    + "terminal signals its foreground job)";
        }
        return "each of the server's " + members.size() + " processes " + members + " (the server does not lead a "
                + "process group of its own, so the kit signalled its process tree, which a group signal would reach)";
    }
}
