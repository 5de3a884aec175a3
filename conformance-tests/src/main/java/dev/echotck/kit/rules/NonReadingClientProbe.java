package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * CONC-3: a client that sends and never reads. Its echo fills its receive window, then the
 * server's send buffer; from then on every write the server makes to it is short or blocks. Only
 * then does a second client try an exchange: a server whose one thread waits for that write to
 * complete (an event loop retrying a short write) has stopped serving everyone, for certain.
 *
 * <p>The kit cannot see inside the server, so it watches the one thing every correct design shows
 * once the server's send path to the client is full: the server stops reading from that client
 * (a blocked handler thread, or an event loop applying backpressure), so the client's own writes
 * stop making progress. That quiet span is the signal to start the second client.
 */
final class NonReadingClientProbe {

    private static final int CHUNK = 64 * 1024;
    /** A server that buffers without limit never stops reading; the client stops sending here. */
    static final long CAP = 64L << 20;
    /** No progress for this long: the server has stopped reading from the client. */
    private static final Duration STALLED = Duration.ofMillis(500);
    /** The client's writes must stall (or reach the cap) within this. */
    private static final Duration FILL = Duration.ofSeconds(20);
    /** A safety net only: the probe resets the connection long before. */
    private static final Duration WRITE_WATCHDOG = Duration.ofSeconds(60);
    private static final int EXCHANGES = 3;

    private final ServerUnderTest server;
    private final RuleContext rule;

    NonReadingClientProbe(ServerUnderTest server, RuleContext rule) {
        this.server = server;
        this.rule = rule;
    }

    void run() throws Exception {
        Timeouts t = rule.timeouts();
        EchoClient flooder = EchoClient.connect(server, t.within(ConcurrencyRules.CONNECT));
        AtomicLong written = new AtomicLong();
        AtomicReference<String> writerEnd = new AtomicReference<>();
        Thread writer = null;
        try {
            firstExchange(flooder, t);
            writer = Thread.ofVirtual().name("conc3-non-reading-writer").start(() -> flood(flooder, written, writerEnd, t));
            String fill = awaitFull(written, writerEnd, t);
            secondClientIsServed(fill, t);
        } finally {
            flooder.reset(); // RST: the server drops the echo it could not deliver instead of waiting on it
            if (writer != null) {
                writer.join(t.within(ConcurrencyRules.EXCHANGE).toMillis());
            }
        }
    }

    /** Proves the server serves this client at all before it stops reading. */
    private void firstExchange(EchoClient flooder, Timeouts t) throws IOException {
        byte[] line = "the client that will stop reading says hello\n".getBytes(StandardCharsets.US_ASCII);
        flooder.write(line, t.within(ConcurrencyRules.EXCHANGE));
        ReadResult got = flooder.read(line.length, t.within(ConcurrencyRules.EXCHANGE));
        if (!Arrays.equals(line, got.bytes())) {
            RuleViolation.Builder violation = RuleViolation.because("the first client's first line did not come back ("
                            + got.describeEnd() + "), before anything unusual happened")
                    .evidence("got " + got.length() + " of " + line.length + " bytes");
            server.deathNotice().ifPresent(notice -> violation.evidence("the server is dead: " + notice));
            throw violation.likelyCause("your server does not echo a line on a fresh connection (see the ECHO rules), "
                    + "or it is still busy with the clients of an earlier check").build();
        }
    }

    private void flood(EchoClient flooder, AtomicLong written, AtomicReference<String> end, Timeouts t) {
        byte[] chunk = Payloads.lines("this client never reads its echo ", CHUNK);
        try {
            while (written.get() < CAP) {
                flooder.write(chunk, t.within(WRITE_WATCHDOG));
                written.addAndGet(CHUNK);
            }
            end.set("stopped after " + mib(CAP) + " without the server ever stopping to read from it: the server "
                    + "buffers what it cannot write");
        } catch (IOException e) {
            end.set("its write failed after " + mib(written.get()) + " (" + e.getMessage() + ")");
        }
    }

    /** Waits until the client's writes make no progress for {@link #STALLED}; describes what happened. */
    private String awaitFull(AtomicLong written, AtomicReference<String> writerEnd, Timeouts t) throws InterruptedException {
        long quietNanos = t.quietFor(STALLED).toNanos();
        long start = System.nanoTime();
        long deadline = start + t.within(FILL).toNanos();
        long last = -1;
        long lastChange = start;
        while (true) {
            long now = System.nanoTime();
            long w = written.get();
            if (writerEnd.get() != null) {
                return "the client that does not read " + writerEnd.get();
            }
            if (w != last) {
                last = w;
                lastChange = now;
            } else if (now - lastChange >= quietNanos) {
                return "the client that does not read sent " + mib(w) + " before the server stopped reading from it "
                        + "(no progress for " + t.describe(STALLED) + ")";
            }
            if (now >= deadline) {
                return "the client that does not read had sent " + mib(w) + " and the server was still reading from it "
                        + "after " + t.describe(FILL);
            }
            Thread.sleep(20);
        }
    }

    private void secondClientIsServed(String fill, Timeouts t) throws IOException {
        try (EchoClient other = EchoClient.connect(server, t.within(ConcurrencyRules.CONNECT))) {
            for (int i = 1; i <= EXCHANGES; i++) {
                byte[] line = ("second client exchange " + i + " of " + EXCHANGES + "\n").getBytes(StandardCharsets.US_ASCII);
                other.write(line, t.within(ConcurrencyRules.EXCHANGE));
                ReadResult got = other.read(line.length, t.within(ConcurrencyRules.EXCHANGE));
                if (!Arrays.equals(line, got.bytes())) {
                    RuleViolation.Builder violation = RuleViolation.because("while one client was not reading its echo, "
                                    + "another client's line got no echo: " + got.describeEnd())
                            .evidence(fill)
                            .evidence("then a second client connected and sent a line (exchange " + i + " of " + EXCHANGES
                                    + "); it got " + got.length() + " of " + line.length + " bytes within "
                                    + t.describe(ConcurrencyRules.EXCHANGE));
                    server.deathNotice().ifPresent(notice -> violation.evidence("the server is dead: " + notice));
                    throw violation.likelyCause(server.deathNotice().isPresent()
                            ? "your server crashed while a client was not reading its echo"
                            : "the thread that serves everyone is stuck writing to the client that does not read: an event "
                                    + "loop that retries a short write until it completes (a while loop around "
                                    + "write/send, or a channel switched back to blocking) serves nobody else meanwhile. "
                                    + "Keep the unwritten rest, wait for write readiness (OP_WRITE / EPOLLOUT) and stop "
                                    + "reading from that client until it drains; or your server serves one client at a time")
                            .build();
                }
            }
        }
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
