package dev.echotck.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import dev.echotck.reference.ConnectionRegistry;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
    Topic 08: enforcing a maximum connection count.

    The bug: "if fewer than the limit are open, register the new connection", written as a read of
    the count followed by an add. The count itself is atomic (Topic 02) and so is the add, but the
    pair is not: two acceptors that take a connection each when one slot is left both see room,
    both add, and the server holds one connection more than its limit. A limit that a burst can
    overshoot is no defence against a burst (a slowloris attack opens connections as fast as it
    can). The two acceptors are real: the async server's accept handler starts the next accept
    before it registers the connection it got, so two handlers can run at once on the pool.

    The fix: take the slot with one compare-and-set of the count, which fails for the second
    acceptor once the first has taken the last slot. Fixed below is the reference servers'
    ConnectionRegistry.tryAdd (blocking, virtual, selector and async; forked counts its children
    on its one serve thread).

    The limit is 2 and one connection is open at the start; two acceptors each try to register a
    new one. Exactly one may succeed.

    Run just this probe (as `echotck races` runs it; about 20 s; the report goes to
    results/index.html):
        java -jar race-tests/target/jcstress.jar -m quick -sc false \
            -jvmArgs "--enable-native-access=ALL-UNNAMED" -t Topic_08_ConnectionLimit
    or through the kit, with its verdict: ./echotck races --only Topic_08_ConnectionLimit

    Results of a run here (JDK 25.0.3, x86_64, 2 cores shared with other builds):

      BrokenCheckThenAdd
           RESULT  SAMPLES     FREQ       EXPECT  DESCRIPTION
      false, true  567,035   34.87%   Acceptable  exactly one acceptor took the last slot
      true, false  775,864   47.71%   Acceptable  exactly one acceptor took the last slot
       true, true  283,232   17.42%  Interesting  RACE: both took it, one connection over the limit

      Fixed
            RESULT    SAMPLES     FREQ      EXPECT  DESCRIPTION
      false, false          0    0.00%   Forbidden  nobody took the free slot
       false, true  2,567,327   47.50%  Acceptable  exactly one acceptor took the last slot
       true, false  2,837,364   52.50%  Acceptable  exactly one acceptor took the last slot
        true, true          0    0.00%   Forbidden  both took it: over the limit
 */
public class Topic_08_ConnectionLimit {

    static final int LIMIT = 2;

    @JCStressTest
    @Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE, desc = "exactly one acceptor took the last slot")
    @Outcome(id = "true, true", expect = ACCEPTABLE_INTERESTING, desc = "RACE: both took it, one connection over the limit")
    @State
    public static class BrokenCheckThenAdd {
        final ConnectionRegistry<ProbeConnection> registry = new ConnectionRegistry<>();

        public BrokenCheckThenAdd() {
            registry.add(new ProbeConnection(4));
        }

        boolean admit(ProbeConnection c) {
            if (registry.active() < LIMIT) { // BUG: check ...
                registry.add(c);             // ... then act: the other acceptor may be between the same two lines
                return true;
            }
            return false;
        }

        @Actor
        public void acceptor1(ZZ_Result r) {
            r.r1 = admit(new ProbeConnection(5));
        }

        @Actor
        public void acceptor2(ZZ_Result r) {
            r.r2 = admit(new ProbeConnection(6));
        }
    }

    @JCStressTest
    @Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE, desc = "exactly one acceptor took the last slot")
    @Outcome(id = "true, true", expect = FORBIDDEN, desc = "both took it: over the limit")
    @Outcome(id = "false, false", expect = FORBIDDEN, desc = "nobody took the free slot")
    @State
    public static class Fixed {
        final ConnectionRegistry<ProbeConnection> registry = new ConnectionRegistry<>(LIMIT);

        public Fixed() {
            registry.add(new ProbeConnection(4));
        }

        @Actor
        public void acceptor1(ZZ_Result r) {
            r.r1 = registry.tryAdd(new ProbeConnection(5));
        }

        @Actor
        public void acceptor2(ZZ_Result r) {
            r.r2 = registry.tryAdd(new ProbeConnection(6));
        }
    }
}
