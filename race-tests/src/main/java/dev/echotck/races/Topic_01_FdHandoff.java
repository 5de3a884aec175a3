package dev.echotck.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import dev.echotck.reference.Handoff;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/*
    Topic 01: handing the accepted connection to its thread.

    The bug (seed 000, "Multithreading": pthread_create(&tinfo, &attr, serve_connection, &client_fd)).
    The accept loop keeps the new connection in one variable and starts a thread that reads that
    variable when it gets going. The loop goes straight back to accept; if the next client arrives
    before the new thread has read the variable, the variable now holds the next connection. Two
    threads serve fd 5, and fd 4 is never served: its client waits forever. "There is one object,
    two threads are racing for it", as the seed says.

    The fix: each connection travels inside the task of its own thread (seed: "make a copy on heap
    and pass it to the new thread"). Fixed below is the reference servers' own Handoff, which
    BlockingEchoServer (the blocking and virtual servers) gives each connection thread.

    Here "starting a thread" is the volatile field startedThread1, the actor thread1 is that
    thread, and the arbiter (which runs after both actors) is the thread started for the next
    client.

    Run just this probe (as `echotck races` runs it; about 20 s, a minute for a Termination
    probe; the report goes to results/index.html):
        java -jar race-tests/target/jcstress.jar -m quick -sc false \
            -jvmArgs "--enable-native-access=ALL-UNNAMED" -t Topic_01_FdHandoff
    or through the kit, with its verdict: ./echotck races --only Topic_01_FdHandoff

    Results of a run here (JDK 25.0.3, x86_64, 2 cores shared with other builds):

      BrokenSharedSlot
      RESULT  SAMPLES     FREQ       EXPECT  DESCRIPTION
        4, 5    3,780    0.66%   Acceptable  each thread serves its own connection
        5, 5  570,864   99.34%  Interesting  RACE: both threads serve fd 5, the next accept overwrote ...

      Fixed
      RESULT  SAMPLES     FREQ      EXPECT  DESCRIPTION
        4, 5  847,891  100.00%  Acceptable  each thread serves its own connection
        5, 5        0    0.00%   Forbidden  both threads serve fd 5
 */
public class Topic_01_FdHandoff {

    static final int FIRST_CLIENT_FD = 4;
    static final int NEXT_CLIENT_FD = 5;

    @JCStressTest
    @Outcome(id = "4, 5", expect = ACCEPTABLE, desc = "each thread serves its own connection")
    @Outcome(id = "5, 5", expect = ACCEPTABLE_INTERESTING,
            desc = "RACE: both threads serve fd 5, the next accept overwrote the slot; fd 4 is never served")
    @State
    public static class BrokenSharedSlot {
        int clientFd;                    // BUG: one slot for every new connection, read by the threads later
        volatile Runnable startedThread1; // stands for pthread_create / Thread.start
        Runnable startedThread2;

        @Actor
        public void acceptLoop(II_Result r) {
            clientFd = FIRST_CLIENT_FD;                // accept returns fd 4
            startedThread1 = () -> r.r1 = clientFd;    // its thread will read the slot when it runs
            clientFd = NEXT_CLIENT_FD;                 // the next accept returns fd 5
            startedThread2 = () -> r.r2 = clientFd;
        }

        @Actor
        public void thread1() {
            Runnable task;
            while ((task = startedThread1) == null) {
                Thread.onSpinWait();
            }
            task.run();
        }

        @Arbiter
        public void thread2() {
            startedThread2.run();
        }
    }

    @JCStressTest
    @Outcome(id = "4, 5", expect = ACCEPTABLE, desc = "each thread serves its own connection")
    @Outcome(id = "5, 5", expect = FORBIDDEN, desc = "both threads serve fd 5")
    @State
    public static class Fixed {
        volatile Handoff<Integer> startedThread1;
        Handoff<Integer> startedThread2;

        @Actor
        public void acceptLoop(II_Result r) {
            int clientFd = FIRST_CLIENT_FD;
            startedThread1 = new Handoff<>(clientFd, fd -> r.r1 = fd); // the fd is copied into the task
            clientFd = NEXT_CLIENT_FD;
            startedThread2 = new Handoff<>(clientFd, fd -> r.r2 = fd);
        }

        @Actor
        public void thread1() {
            Handoff<Integer> task;
            while ((task = startedThread1) == null) {
                Thread.onSpinWait();
            }
            task.run();
        }

        @Arbiter
        public void thread2() {
            startedThread2.run();
        }
    }
}
