package dev.echotck.races;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    Topic 04: check-then-act on the registry of open connections.

    The bug: "if the registry still holds this connection, remove it (and release it)", written as
    contains() followed by remove(). Each call is atomic, even on a ConcurrentHashMap, but the pair
    is not: two threads that remove the same connection at once both see it, both remove it, and
    both believe they released it. In a server the two threads are real: the connection's own
    thread, whose client has just left, and the stop's last sweep, which closes whatever is still
    registered. Both then close it and count it out: the count goes wrong (Topic 02), and a C
    server closes the fd twice (Topic 07). The same shape registers a connection twice
    (if (!contains) put).

    The fix: one atomic map operation that both checks and acts, here remove(), which returns
    whether this call removed it. Fixed below is the reference servers' ConnectionRegistry.remove.
    In BlockingEchoServer (blocking, virtual) two threads take the same connection out: its own
    thread once it has closed it, and the stop's last sweep, which closes what is left
    (ConnectionRegistry.close, Topic 07) and must close it only if it removed it.

    Run just this probe (as `echotck races` runs it; about 20 s, a minute for a Termination
    probe; the report goes to results/index.html):
        java -jar race-tests/target/jcstress.jar -m quick -sc false \
            -jvmArgs "--enable-native-access=ALL-UNNAMED" -t Topic_04_RegistryCheckThenAct
    or through the kit, with its verdict: ./echotck races --only Topic_04_RegistryCheckThenAct

    Results of a run here (JDK 25.0.3, x86_64, 2 cores shared with other builds):

      BrokenContainsThenRemove
           RESULT  SAMPLES     FREQ       EXPECT  DESCRIPTION
      false, true  268,559   32.86%   Acceptable  exactly one thread removed it
      true, false  486,758   59.57%   Acceptable  exactly one thread removed it
       true, true   61,854    7.57%  Interesting  RACE: both threads removed it, both release it

      Fixed
            RESULT  SAMPLES     FREQ      EXPECT  DESCRIPTION
      false, false        0    0.00%   Forbidden  nobody removed it
       false, true  294,448   49.51%  Acceptable  exactly one thread removed it
       true, false  300,219   50.49%  Acceptable  exactly one thread removed it
        true, true        0    0.00%   Forbidden  both threads removed it
 */
public class Topic_04_RegistryCheckThenAct {

    @JCStressTest
    @Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE, desc = "exactly one thread removed it")
    @Outcome(id = "true, true", expect = ACCEPTABLE_INTERESTING, desc = "RACE: both threads removed it, both release it")
    @State
    public static class BrokenContainsThenRemove {
        final Set<ProbeConnection> open = ConcurrentHashMap.newKeySet();
        final ProbeConnection connection = new ProbeConnection(4);

        public BrokenContainsThenRemove() {
            open.add(connection);
        }

        boolean remove(ProbeConnection c) {
            if (open.contains(c)) { // BUG: check ...
                open.remove(c);     // ... then act: the other thread may be between the same two lines
                return true;
            }
            return false;
        }

        @Actor
        public void connectionThreadEnds(ZZ_Result r) {
            r.r1 = remove(connection);
        }

        @Actor
        public void stopSweeps(ZZ_Result r) {
            r.r2 = remove(connection);
        }
    }

    @JCStressTest
    @Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE, desc = "exactly one thread removed it")
    @Outcome(id = "true, true", expect = FORBIDDEN, desc = "both threads removed it")
    @Outcome(id = "false, false", expect = FORBIDDEN, desc = "nobody removed it")
    @State
    public static class Fixed {
        final ConnectionRegistry<ProbeConnection> registry = new ConnectionRegistry<>();
        final ProbeConnection connection = new ProbeConnection(4);

        public Fixed() {
            registry.add(connection);
        }

        @Actor
        public void connectionThreadEnds(ZZ_Result r) {
            r.r1 = registry.remove(connection);
        }

        @Actor
        public void stopSweeps(ZZ_Result r) {
            r.r2 = registry.remove(connection);
        }
    }
}
