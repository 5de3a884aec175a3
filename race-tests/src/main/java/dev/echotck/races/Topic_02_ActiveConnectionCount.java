package dev.echotck.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import dev.echotck.reference.ConnectionRegistry;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
    Topic 02: counting the open connections.

    The bug: a server counts its open connections in a plain int, count++ when the acceptor takes
    a new one, count-- when a client thread's connection ends. Each is a read, an add and a write;
    when the two threads interleave, one writes back a value computed before the other's write,
    and that update is lost for good. A count that is one too low lets a max-connections limit
    admit one client too many and lets a graceful stop think the drain is over while a connection
    is still open; one too high makes the stop wait for a connection that is gone. Seed 000 hands
    every connection to a thread of its own; any number shared by those threads is shared state.

    The fix: count atomically. Fixed below is the reference servers' ConnectionRegistry
    (BlockingEchoServer: blocking, virtual; AsyncEchoServer: async): its count is its
    ConcurrentHashMap's, updated atomically by every add and remove, and the async server's drain
    waits on it ("until no connection is open").

    One connection is open at the start; the acceptor counts a new one in while a client thread
    counts its own out. The arbiter reads the count when both are done: it must be 1.

    Run just this probe (as `echotck races` runs it; about 20 s, a minute for a Termination
    probe; the report goes to results/index.html):
        java -jar race-tests/target/jcstress.jar -m quick -sc false \
            -jvmArgs "--enable-native-access=ALL-UNNAMED" -t Topic_02_ActiveConnectionCount
    or through the kit, with its verdict: ./echotck races --only Topic_02_ActiveConnectionCount

    Results of a run here (JDK 25.0.3, x86_64, 2 cores shared with other builds):

      BrokenPlainCounter
      RESULT    SAMPLES     FREQ       EXPECT  DESCRIPTION
           0  1,085,352   10.75%  Interesting  RACE: lost update, the new connection was never counted
           1  7,823,358   77.50%   Acceptable  one in, one out: the count is right
           2  1,185,901   11.75%  Interesting  RACE: lost update, the ended connection is still counted

      Fixed
      RESULT  SAMPLES     FREQ      EXPECT  DESCRIPTION
           0        0    0.00%   Forbidden  lost update
           1  360,374  100.00%  Acceptable  one in, one out: the count is right
           2        0    0.00%   Forbidden  lost update
 */
public class Topic_02_ActiveConnectionCount {

    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "one in, one out: the count is right")
    @Outcome(id = "0", expect = ACCEPTABLE_INTERESTING, desc = "RACE: lost update, the new connection was never counted")
    @Outcome(id = "2", expect = ACCEPTABLE_INTERESTING, desc = "RACE: lost update, the ended connection is still counted")
    @State
    public static class BrokenPlainCounter {
        int active = 1; // BUG: count++ and count-- from different threads

        @Actor
        public void acceptor() {
            active++;
        }

        @Actor
        public void clientThreadEnds() {
            active--;
        }

        @Arbiter
        public void count(I_Result r) {
            r.r1 = active;
        }
    }

    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "one in, one out: the count is right")
    @Outcome(id = {"0", "2"}, expect = FORBIDDEN, desc = "lost update")
    @State
    public static class Fixed {
        final ConnectionRegistry<ProbeConnection> registry = new ConnectionRegistry<>();
        final ProbeConnection ending = new ProbeConnection(4);

        public Fixed() {
            registry.add(ending);
        }

        @Actor
        public void acceptor() {
            registry.add(new ProbeConnection(5));
        }

        @Actor
        public void clientThreadEnds() {
            registry.remove(ending);
        }

        @Arbiter
        public void count(I_Result r) {
            r.r1 = registry.active();
        }
    }
}
