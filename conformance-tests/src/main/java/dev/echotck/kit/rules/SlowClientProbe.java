package dev.echotck.kit.rules;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.echotck.kit.check.EchoExpectation;
import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * ROB-4: a few clients type one byte at a time while another client exchanges lines.
 *
 * <p>Why the slow clients end their lines only after the normal client is done: a server that waits
 * for a slow client's newline while holding something the others need then holds it for the whole
 * measurement, however slow or fast the machine is. Its verdict depends on the server's design, not
 * on how long the kit happened to wait.
 */
final class SlowClientProbe {

    static final int SLOW_CLIENTS = 3;
    /** Each slow client sends a byte this often; staggered, so a byte arrives every TICK / 3. */
    static final Duration TICK = Duration.ofMillis(250);
    /** How long the normal client keeps exchanging lines while the slow clients type. */
    static final Duration NORMAL_SPAN = Duration.ofSeconds(1);
    /** Each of its echoes must arrive within this. */
    static final Duration NORMAL_BOUND = Duration.ofSeconds(1);

    /** Between two of the normal client's exchanges: a client, not a load generator. */
    private static final Duration PACE = Duration.ofMillis(20);

    private final ServerUnderTest server;
    private final Timeouts t;
    private final SurvivalCheck check;
    private final List<SlowClient> slow = new ArrayList<>();

    SlowClientProbe(ServerUnderTest server, RuleContext rule) {
        this.server = server;
        this.t = rule.timeouts();
        this.check = new SurvivalCheck(server, t,
                "your server crashed while slow clients were connected",
                "your server waits for one client's complete line (or a full buffer) while holding something every "
                        + "client needs: a lock, the only event-loop thread, the only worker; read what has arrived, "
                        + "echo it, and never wait for the network while holding a lock");
    }

    void run() throws InterruptedException, IOException {
        Thread typist = null;
        EchoClient normal = null;
        try {
            for (int i = 1; i <= SLOW_CLIENTS; i++) {
                slow.add(new SlowClient(i, check.connect("slow client " + i, "before the slow clients started")));
            }
            // The normal client is served once before anyone types, within the usual exchange bound:
            // the 1 s bound below is about slow clients holding it up, not about how long a server
            // takes to set up a connection (a forking server starts a process for it, a JVM
            // even: more than 1 s on a busy machine).
            normal = check.connect("a normal client", "before the slow clients started");
            check.exchange(normal, "a normal client", "before the slow clients started typing");
            CountDownLatch firstBytes = new CountDownLatch(1);
            typist = Thread.ofPlatform().daemon().name("echotck-slow-clients").start(() -> type(firstBytes));
            if (!firstBytes.await(t.within(SurvivalCheck.EXCHANGE).toMillis(), TimeUnit.MILLISECONDS)) {
                check.failIfDied("while the slow clients sent their first bytes");
                throw check.violation("the slow clients could not send their first bytes within "
                        + t.describe(SurvivalCheck.EXCHANGE)).build();
            }
            exchangeWhileTheyType(normal);
            typist.interrupt();
            typist.join();
            typist = null;
            for (SlowClient client : slow) {
                client.finishLine();
            }
        } finally {
            if (typist != null) {
                typist.interrupt();
            }
            slow.forEach(c -> c.connection.close());
            if (normal != null) {
                normal.close();
            }
        }
    }

    /** The slow clients' thread: one byte per client per tick, staggered, until interrupted. */
    private void type(CountDownLatch firstBytes) {
        long pause = t.quietFor(TICK).toNanos() / SLOW_CLIENTS;
        try {
            for (int round = 0; !Thread.currentThread().isInterrupted(); round++) {
                for (SlowClient client : slow) {
                    client.typeOneByte();
                    TimeUnit.NANOSECONDS.sleep(pause);
                }
                if (round == 0) {
                    firstBytes.countDown();
                }
            }
        } catch (InterruptedException e) {
            // the normal client is done
        } catch (IOException e) {
            // reported by finishLine as a missing echo
        }
    }

    private void exchangeWhileTheyType(EchoClient normal) {
        String when = "while " + SLOW_CLIENTS + " slow clients typed one byte every " + t.describe(TICK);
        long end = System.nanoTime() + t.quietFor(NORMAL_SPAN).toNanos();
        for (int n = 1; n == 1 || System.nanoTime() < end; n++) {
            byte[] line = ("normal client line " + n + "\n").getBytes(StandardCharsets.US_ASCII);
            long start = System.nanoTime();
            try {
                normal.write(line, t.within(NORMAL_BOUND));
            } catch (IOException e) {
                check.failIfDied(when);
                throw check.violation("a normal client could not send line " + n + " " + when + ": "
                        + e.getMessage()).build();
            }
            ReadResult got = normal.read(line.length, t.within(NORMAL_BOUND));
            if (got.end() != ReadResult.End.COUNT) {
                check.failIfDied(when);
                throw RuleViolation.because("a normal client's line " + n + " was not echoed within "
                                + t.describe(NORMAL_BOUND) + " " + when + ": " + got.describeEnd())
                        .evidence("bytes sent so far by the slow clients, none of them a whole line: " + typed())
                        .evidence("the normal client's line before the slow clients typed came back, and its "
                                + (n - 1) + " line(s) since in time")
                        .evidence("this exchange started " + (System.nanoTime() - start) / 1_000_000
                                + " ms ago and got " + got.length() + " of " + line.length + " bytes")
                        .likelyCause(got.end() == ReadResult.End.DEADLINE
                                ? "your server waits for one client's complete line (or a full buffer) while "
                                        + "holding something every client needs: a lock, the only event-loop "
                                        + "thread, the only worker; read what has arrived, echo it, and never wait "
                                        + "for the network while holding a lock"
                                : "your server closed the normal client's connection while slow clients were connected")
                        .build();
            }
            EchoExpectation.assertEchoed("a normal client's line " + n + " " + when, line, got,
                    t.describe(NORMAL_BOUND), server);
            pause(PACE);
        }
    }

    private static void pause(Duration pace) {
        try {
            Thread.sleep(pace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String typed() {
        return slow.stream().map(c -> "client " + c.number + ": " + c.sent.size()).collect(Collectors.joining(", "));
    }

    /**
     * One slow client: what it has typed so far, so its echo can be checked at the end. The typing
     * thread writes {@code sent} while the check's thread may read its size for evidence; a
     * ByteArrayOutputStream's methods are synchronized.
     */
    private final class SlowClient {
        private final int number;
        private final EchoClient connection;
        private final byte[] text;
        private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

        SlowClient(int number, EchoClient connection) {
            this.number = number;
            this.connection = connection;
            this.text = ("slow client " + number + " types one byte at a time ").getBytes(StandardCharsets.US_ASCII);
        }

        void typeOneByte() throws IOException {
            byte b = text[sent.size() % text.length];
            connection.write(new byte[] {b}, t.within(SurvivalCheck.EXCHANGE));
            sent.write(b);
        }

        /** Ends the line and expects every byte it typed back. */
        void finishLine() {
            sent.write('\n');
            byte[] all = sent.toByteArray();
            try {
                connection.write(new byte[] {'\n'}, t.within(SurvivalCheck.EXCHANGE));
            } catch (IOException e) {
                check.failIfDied("after the slow clients ended their lines");
                throw check.violation("slow client " + number + " could not end its line: " + e.getMessage()).build();
            }
            // The echo of the earlier bytes may already be waiting: read all of it at once.
            ReadResult got = connection.read(all.length, t.within(SurvivalCheck.EXCHANGE));
            if (!Arrays.equals(got.bytes(), all)) {
                check.failIfDied("after the slow clients ended their lines");
                EchoExpectation.assertEchoed("the line slow client " + number
                        + " typed one byte at a time", all, got, t.describe(SurvivalCheck.EXCHANGE), server);
            }
        }
    }
}
