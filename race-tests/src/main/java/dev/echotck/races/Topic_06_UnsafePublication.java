package dev.echotck.races;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import dev.echotck.reference.Handoff;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
    Topic 06: a connection's state, seen by its handler before it is there.

    The bug: the acceptor builds a connection's state (its fd, its 16 KiB buffer) and the thread
    that serves it reads that state, with nothing to order the two. The handler can see the
    connection object and still read its fields' defaults: fd 0 (it would read stdin) and no
    buffer (a NullPointerException in the handler). Two ways this happens:
      - the object is made visible before it is set up: a constructor that registers `this`
        (with its event loop, in a map of connections) and only then sets its fields. Nothing
        can save that code; it breaks on every machine. This is the broken variant below.
      - the object is set up first and then published through a plain field: on ARM, POWER or
        after the JIT reorders the stores, the reader may see the reference before the fields.
        On x86, where this probe usually runs, the hardware keeps stores in order and that form
        seldom shows, so the probe uses the first form.
    Seed 000 hands each connection to a new thread; whatever that thread reads of the
    connection's state must have been written before the handoff, and must be seen as written.

    The fix: set the state up completely, then publish it, and keep it in final fields: a thread
    that sees an object sees the values its constructor gave its final fields (and what they point
    to), even through a racy field with no happens-before edge. Fixed below is the reference
    servers' Handoff (a record: final fields, set before anyone can see it), the task
    BlockingEchoServer (blocking, virtual) hands to each connection's thread. AsyncEchoServer's
    Connection keeps its channel and buffer in final fields for the same reason.

    Both variants publish through the same racy field (opaque access: no happens-before edge,
    only the promise that the handler eventually sees the write, so that it can spin on it).

    Run just this probe (as `echotck races` runs it; about 20 s, a minute for a Termination
    probe; the report goes to results/index.html):
        java -jar race-tests/target/jcstress.jar -m quick -sc false \
            -jvmArgs "--enable-native-access=ALL-UNNAMED" -t Topic_06_UnsafePublication
    or through the kit, with its verdict: ./echotck races --only Topic_06_UnsafePublication

    Results of a run here (JDK 25.0.3, x86_64, 2 cores shared with other builds):

      BrokenPublishedBeforeSetUp
        RESULT  SAMPLES     FREQ       EXPECT  DESCRIPTION
          0, 0  264,557   79.19%  Interesting  RACE: the handler sees the connection before its set-up: ...
      0, 16384        4   <0.01%  Interesting  RACE: the handler sees the connection before its set-up: ...
          5, 0       13   <0.01%  Interesting  RACE: the handler sees the connection before its set-up: ...
      5, 16384   69,507   20.81%   Acceptable  the handler sees the connection set up

      Fixed
        RESULT  SAMPLES     FREQ      EXPECT  DESCRIPTION
      5, 16384  174,337  100.00%  Acceptable  the handler sees the connection set up
 */
public class Topic_06_UnsafePublication {

    static final int FD = 5;
    static final int BUFFER_SIZE = 16 * 1024;

    @JCStressTest
    @Outcome(id = "5, 16384", expect = ACCEPTABLE, desc = "the handler sees the connection set up")
    @Outcome(expect = ACCEPTABLE_INTERESTING,
            desc = "RACE: the handler sees the connection before its set-up: fd 0 (stdin) or no buffer (0)")
    @State
    public static class BrokenPublishedBeforeSetUp {
        static final VarHandle PUBLISHED = handle(BrokenPublishedBeforeSetUp.class, "published", Connection.class);
        Connection published;

        /** A connection that registers itself before it is set up. */
        static final class Connection {
            int fd;
            byte[] buffer;

            Connection(int fd, BrokenPublishedBeforeSetUp eventLoop) {
                PUBLISHED.setOpaque(eventLoop, this); // BUG: visible to the handler from here on ...
                this.buffer = new byte[BUFFER_SIZE];  // ... but its buffer and fd come later
                this.fd = fd;
            }
        }

        @Actor
        public void acceptor() {
            new Connection(FD, this);
        }

        @Actor
        public void handler(II_Result r) {
            Connection c;
            while ((c = (Connection) PUBLISHED.getOpaque(this)) == null) {
                Thread.onSpinWait();
            }
            r.r1 = c.fd;
            byte[] buffer = c.buffer;
            r.r2 = buffer == null ? 0 : buffer.length;
        }
    }

    /** The connection's state as the reference servers keep it: final fields. */
    record Accepted(int fd, byte[] buffer) {
    }

    @JCStressTest
    @Outcome(id = "5, 16384", expect = ACCEPTABLE, desc = "the handler sees the connection set up")
    @Outcome(expect = FORBIDDEN, desc = "the handler sees the connection before its set-up")
    @State
    public static class Fixed {
        @SuppressWarnings("rawtypes")
        static final VarHandle PUBLISHED = handle(Fixed.class, "published", Handoff.class);
        Handoff<Accepted> published;

        @Actor
        public void acceptor(II_Result r) {
            Handoff<Accepted> task = new Handoff<>(new Accepted(FD, new byte[BUFFER_SIZE]), accepted -> {
                r.r1 = accepted.fd();
                r.r2 = accepted.buffer() == null ? 0 : accepted.buffer().length;
            });
            PUBLISHED.setOpaque(this, task); // set up first, then published
        }

        @Actor
        public void handler() {
            Handoff<?> task;
            while ((task = (Handoff<?>) PUBLISHED.getOpaque(this)) == null) {
                Thread.onSpinWait();
            }
            task.run();
        }
    }

    static VarHandle handle(Class<?> owner, String field, Class<?> type) {
        try {
            return MethodHandles.lookup().findVarHandle(owner, field, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
