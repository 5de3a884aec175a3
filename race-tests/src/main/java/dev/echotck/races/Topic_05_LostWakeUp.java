package dev.echotck.races;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.time.Duration;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

import dev.echotck.reference.StopSignal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
    Topic 05: the wake-up that comes too early.

    The bug (seed 002, part 3: "there is always a race condition that cannot be eliminated this
    way ... between checking the global state and entering the system call that will block").
    A thread checks the stop flag, sees "keep going", and blocks waiting for work. To stop it,
    the stop sets the flag, then wakes the thread (the seed sends SIGUSR1; here Object.notifyAll).
    If the wake-up comes after the check but before the thread blocks, it wakes nobody, and the
    thread then blocks for good: the server never finishes its stop (rule SHUT-3). The flag is
    volatile: this bug is not about visibility (Topic 03) but about the gap between two steps.

    The fix: a wake-up that cannot be lost because it leaves a trace the blocking call sees. Two
    fixed variants, both the reference servers' StopSignal:
      - FixedSelectorWakeUp: SelectorEchoServer's accept loop, while (!stop.requested())
        selector.select(), with selector::wakeup registered with the StopSignal. A wakeup() that
        comes before select() makes that select() return at once.
      - FixedAwait: AsyncEchoServer's serve(), which waits in StopSignal.await(): the check and
        the park are one step of a CountDownLatch.
    (BlockingEchoServer closes its listener and shuts down its connections' input: a closed or
    shut-down socket also cannot be missed, whenever the thread gets to accept or read.)

    In a real server the gap between the check and the block is a few instructions, and the race
    shows once in many runs. Here every variant spends GAP between the two, standing for the
    thread losing its CPU there, as it can on a busy machine: jcstress sends the signal about
    1 ms after the actor starts, so the wake-up lands in the gap nearly every time. A STALE run
    costs about 30 s (jcstress's wait before it gives the thread up).

    Run just this probe (as `echotck races` runs it; about 20 s, a minute for a Termination
    probe; the report goes to results/index.html):
        java -jar race-tests/target/jcstress.jar -m quick -sc false \
            -jvmArgs "--enable-native-access=ALL-UNNAMED" -t Topic_05_LostWakeUp
    or through the kit, with its verdict: ./echotck races --only Topic_05_LostWakeUp

    Results of a run here (JDK 25.0.3, x86_64, 2 cores shared with other builds):

      BrokenFlagThenWait
          RESULT  SAMPLES     FREQ       EXPECT  DESCRIPTION
           STALE        1  100.00%  Interesting  RACE: the wake-up came before the thread blocked; it wait...
      TERMINATED        0    0.00%   Acceptable  the thread was woken

      FixedAwait
          RESULT  SAMPLES     FREQ      EXPECT  DESCRIPTION
           STALE        0    0.00%   Forbidden  the wake-up was lost
      TERMINATED      177  100.00%  Acceptable  the thread was woken

      FixedSelectorWakeUp
          RESULT  SAMPLES     FREQ      EXPECT  DESCRIPTION
           STALE        0    0.00%   Forbidden  the wake-up was lost
      TERMINATED      173  100.00%  Acceptable  the thread was woken
 */
public class Topic_05_LostWakeUp {

    static final Duration GAP = Duration.ofMillis(5);

    static void loseTheCpuBetweenCheckAndBlock() {
        try {
            Thread.sleep(GAP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the thread was woken")
    @Outcome(id = "STALE", expect = ACCEPTABLE_INTERESTING, desc = "RACE: the wake-up came before the thread blocked; it waits forever")
    @State
    public static class BrokenFlagThenWait {
        volatile boolean stopping;
        final Object wakeUp = new Object();

        @Actor
        public void connectionThread() throws InterruptedException {
            if (!stopping) {                         // check ...
                loseTheCpuBetweenCheckAndBlock();
                synchronized (wakeUp) {
                    wakeUp.wait();                   // ... then block: BUG, a notifyAll() in between woke nobody
                }
            }
        }

        @Signal
        public void stop() {
            stopping = true;
            synchronized (wakeUp) {
                wakeUp.notifyAll();
            }
        }
    }

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the thread was woken")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the wake-up was lost")
    @State
    public static class FixedSelectorWakeUp {
        final StopSignal stop = new StopSignal();
        final Selector selector;

        public FixedSelectorWakeUp() {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            stop.onRequest(selector::wakeup); // as SelectorEchoServer.bind() does
        }

        @Actor
        public void acceptLoop() throws IOException {
            try (selector) {
                if (!stop.requested()) {
                    loseTheCpuBetweenCheckAndBlock();
                    selector.select();
                }
            }
        }

        @Signal
        public void stop() {
            stop.request(Duration.ZERO);
        }
    }

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the thread was woken")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the wake-up was lost")
    @State
    public static class FixedAwait {
        final StopSignal stop = new StopSignal();

        @Actor
        public void serve() throws InterruptedException {
            if (!stop.requested()) {
                loseTheCpuBetweenCheckAndBlock();
                stop.await();
            }
        }

        @Signal
        public void stop() {
            stop.request(Duration.ZERO);
        }
    }
}
