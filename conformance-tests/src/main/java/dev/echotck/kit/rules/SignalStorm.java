package dev.echotck.kit.rules;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.echotck.kit.process.Signals;
import dev.echotck.kit.target.LaunchedProcess;

/**
 * Signals for ROB-3: SIGCHLD, SIGWINCH and SIGURG in turn, sent to the server's pid about 1 ms
 * apart. All three are ignored by default, so they can only matter to a server that installed a
 * handler for them, and then they interrupt its blocking calls (EINTR) unless the handler was
 * installed with SA_RESTART.
 *
 * <p>Why spaced out: a signal that arrives while the same signal is still pending is merged with
 * it. A short pause between sends lets the server run its handler in between, so the calls it is
 * blocked in are interrupted many times, not once.
 */
final class SignalStorm {

    private static final int[] HARMLESS = {Signals.SIGCHLD, Signals.SIGWINCH, Signals.SIGURG};
    private static final long SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final LaunchedProcess process;
    private final int count;
    private volatile int sent;

    private SignalStorm(LaunchedProcess process, int count) {
        this.process = process;
        this.count = count;
    }

    /** Sends {@code count} signals now, returning when they are sent or the process is gone. */
    static SignalStorm send(LaunchedProcess process, int count) {
        SignalStorm storm = new SignalStorm(process, count);
        storm.run();
        return storm;
    }

    /** Sends {@code count} signals from another thread; the future completes when they are sent. */
    static CompletableFuture<SignalStorm> start(LaunchedProcess process, int count) {
        SignalStorm storm = new SignalStorm(process, count);
        return CompletableFuture.supplyAsync(() -> {
            storm.run();
            return storm;
        }, task -> Thread.ofPlatform().daemon().name("echotck-signal-storm").start(task));
    }

    private void run() {
        for (int i = 0; i < count; i++) {
            if (!process.isAlive() || !Signals.send(process.pid(), HARMLESS[i % HARMLESS.length])) {
                return; // the server is gone: the check reports its death
            }
            sent = i + 1;
            LockSupport.parkNanos(SPACING_NANOS);
        }
    }

    int sent() {
        return sent;
    }

    /** "100 signals (SIGCHLD, SIGWINCH, SIGURG in turn, ...) to the server's pid 4242", for evidence. */
    String describe() {
        String how = " (SIGCHLD, SIGWINCH, SIGURG in turn, about 1 ms apart) to the server's pid " + process.pid();
        return sent == count ? count + " signals" + how
                : sent + " of " + count + " signals" + how + ", when its process was gone";
    }
}
