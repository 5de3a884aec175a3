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
    Topic 07: a connection closed twice.

    The bug: two threads close the same connection: its own thread when the client leaves, and
    the stop, which closes whatever is still open when the drain period is over. Each does
    "if (!closed) { closed = true; release }", and both can pass the check before either sets
    the flag; both release. In C the second close(fd) closes whatever connection the kernel has
    given that fd number to in the meantime: another client is cut off, by a thread that never
    knew it (seed 000: "the server's main thread has nothing to do with it"). In Java the sockets
    forgive a second close, but the server's own release does not: the connection is counted out
    twice, a pooled buffer goes back to the pool twice and is then handed to two connections.

    The fix: close once: the check and the act are one atomic step, a compare-and-set on the
    flag, or, where a registry knows the open connections, "whoever takes it out of the registry
    closes it". Fixed below is the reference servers' ConnectionRegistry.close, which releases a
    connection only when its atomic remove succeeded: BlockingEchoServer's last sweep closes the
    connections left with it while their threads may be ending, and AsyncEchoServer closes
    through it whichever completion handler sees the end.

    The arbiter counts how many times the connection was released; it must be once.

    Run just this probe (as `echotck races` runs it; about 20 s, a minute for a Termination
    probe; the report goes to results/index.html):
        java -jar race-tests/target/jcstress.jar -m quick -sc false \
            -jvmArgs "--enable-native-access=ALL-UNNAMED" -t Topic_07_DoubleClose
    or through the kit, with its verdict: ./echotck races --only Topic_07_DoubleClose

    Results of a run here (JDK 25.0.3, x86_64, 2 cores shared with other builds):

      BrokenCheckThenClose
      RESULT  SAMPLES     FREQ       EXPECT  DESCRIPTION
           1  896,444   84.34%   Acceptable  released once
           2  166,487   15.66%  Interesting  RACE: both threads released it

      Fixed
      RESULT    SAMPLES     FREQ      EXPECT  DESCRIPTION
           1  2,056,211  100.00%  Acceptable  released once
 */
public class Topic_07_DoubleClose {

    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "released once")
    @Outcome(id = "2", expect = ACCEPTABLE_INTERESTING, desc = "RACE: both threads released it")
    @State
    public static class BrokenCheckThenClose {
        final ProbeConnection connection = new ProbeConnection(4);
        volatile boolean closed;

        void close() {
            if (!closed) {        // BUG: check ...
                closed = true;    // ... then act: both threads can pass the check first
                connection.close();
            }
        }

        @Actor
        public void connectionThread() {
            close();
        }

        @Actor
        public void stop() {
            close();
        }

        @Arbiter
        public void releases(I_Result r) {
            r.r1 = connection.closes();
        }
    }

    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "released once")
    @Outcome(expect = FORBIDDEN, desc = "released twice, or never")
    @State
    public static class Fixed {
        final ConnectionRegistry<ProbeConnection> registry = new ConnectionRegistry<>();
        final ProbeConnection connection = new ProbeConnection(4);

        public Fixed() {
            registry.add(connection);
        }

        @Actor
        public void connectionThread() {
            registry.close(connection);
        }

        @Actor
        public void stop() {
            registry.close(connection);
        }

        @Arbiter
        public void releases(I_Result r) {
            r.r1 = connection.closes();
        }
    }
}
