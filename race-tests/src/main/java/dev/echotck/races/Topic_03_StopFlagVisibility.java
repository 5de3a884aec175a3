package dev.echotck.races;

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
    Topic 03: a stop flag the accept loop never sees.

    The bug: the accept loop runs while (running) and stop() sets running = false from another
    thread (a signal handler's, in the reference servers). With a plain field nothing obliges the
    loop's thread ever to see the write: once the JIT compiles the loop, it reads the field once,
    keeps it in a register, and the loop spins forever. The server never stops; on a kill -TERM
    it has to be killed again with -KILL, its clients cut off (rule SHUT-1). Seed 002 builds its
    shutdown on such "global state" that one thread sets and another checks.

    The fix: make the flag volatile (or wake the loop with something it cannot miss, such as
    closing its listener). Fixed below is the reference servers' StopSignal, whose requested() is
    a volatile read: SelectorEchoServer and ForkedEchoServer poll it in their accept loops
    (while (!stop.requested())), and every server's stop() goes through it.

    A Termination test: jcstress starts the actor, then calls the signal; STALE means the actor
    did not end after the signal. A STALE run costs about 30 s (jcstress waits that long before it
    gives the thread up), so the broken variant is the slowest probe.

    Run just this probe (as `echotck races` runs it; about 20 s, a minute for a Termination
    probe; the report goes to results/index.html):
        java -jar race-tests/target/jcstress.jar -m quick -sc false \
            -jvmArgs "--enable-native-access=ALL-UNNAMED" -t Topic_03_StopFlagVisibility
    or through the kit, with its verdict: ./echotck races --only Topic_03_StopFlagVisibility

    Results of a run here (JDK 25.0.3, x86_64, 2 cores shared with other builds):

      BrokenPlainFlag
          RESULT  SAMPLES     FREQ       EXPECT  DESCRIPTION
           STALE        1    9.09%  Interesting  RACE: the accept loop never saw the stop
      TERMINATED       10   90.91%   Acceptable  the accept loop saw the stop

      Fixed
          RESULT  SAMPLES     FREQ      EXPECT  DESCRIPTION
           STALE        0    0.00%   Forbidden  the accept loop never saw the stop
      TERMINATED      774  100.00%  Acceptable  the accept loop saw the stop
 */
public class Topic_03_StopFlagVisibility {

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the accept loop saw the stop")
    @Outcome(id = "STALE", expect = ACCEPTABLE_INTERESTING, desc = "RACE: the accept loop never saw the stop")
    @State
    public static class BrokenPlainFlag {
        boolean running = true; // BUG: plain field, written by one thread, polled by another

        @Actor
        public void acceptLoop() {
            while (running) {
                // accept and hand off connections
            }
        }

        @Signal
        public void stop() {
            running = false;
        }
    }

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the accept loop saw the stop")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the accept loop never saw the stop")
    @State
    public static class Fixed {
        final StopSignal stop = new StopSignal();

        @Actor
        public void acceptLoop() {
            while (!stop.requested()) {
                // accept and hand off connections
            }
        }

        @Signal
        public void stop() {
            stop.request(Duration.ZERO);
        }
    }
}
