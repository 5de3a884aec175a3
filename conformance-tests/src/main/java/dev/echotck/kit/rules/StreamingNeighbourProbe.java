package dev.echotck.kit.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.opentest4j.TestAbortedException;

import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * CONC-6: one client streams as fast as the server echoes (writing and reading at once), and
 * while it does, another client plays ping-pong with short lines. Each ping-pong exchange must come
 * back within a latency bound that is generous for a loaded machine and hopeless for a server that
 * drains the fast client before looking at anyone else.
 */
final class StreamingNeighbourProbe {

    static final int EXCHANGES = 50;
    /** The slowest ping-pong exchange may take at most this. */
    static final Duration MAX_LATENCY = Duration.ofSeconds(2);
    /** The streamer's echo must be flowing (this many bytes back) before the ping-pong starts. */
    private static final long FLOWING = 1 << 20;
    private static final Duration START_FLOWING = Duration.ofSeconds(10);
    private static final int CHUNK = 64 * 1024;

    private final ServerUnderTest server;
    private final RuleContext rule;

    StreamingNeighbourProbe(ServerUnderTest server, RuleContext rule) {
        this.server = server;
        this.rule = rule;
    }

    void run() throws Exception {
        Timeouts t = rule.timeouts();
        AtomicLong echoed = new AtomicLong();
        EchoClient streamer = EchoClient.connect(server, t.within(ConcurrencyRules.CONNECT));
        Thread writer = null;
        Thread reader = null;
        try {
            writer = Thread.ofVirtual().name("conc6-streamer-writer").start(() -> stream(streamer, t));
            reader = Thread.ofVirtual().name("conc6-streamer-reader").start(() -> drain(streamer, echoed));
            awaitFlowing(echoed, t);
            pingPong(echoed, t);
        } finally {
            streamer.reset();
            join(writer, t);
            join(reader, t);
        }
    }

    private void stream(EchoClient streamer, Timeouts t) {
        byte[] chunk = Payloads.lines("full-speed streamer ", CHUNK);
        try {
            while (true) {
                streamer.write(chunk, t.within(ConcurrencyRules.EXCHANGE));
            }
        } catch (IOException e) {
            // the probe resets the streamer when it is done; a stall shows as no echo in awaitFlowing
        }
    }

    private static void drain(EchoClient streamer, AtomicLong echoed) {
        byte[] buffer = new byte[CHUNK];
        try {
            InputStream in = streamer.socket().getInputStream();
            int n;
            while ((n = in.read(buffer)) != -1) {
                echoed.addAndGet(n);
            }
        } catch (IOException e) {
            // reset by the probe at the end
        }
    }

    private void awaitFlowing(AtomicLong echoed, Timeouts t) throws InterruptedException {
        long deadline = System.nanoTime() + t.within(START_FLOWING).toNanos();
        while (echoed.get() < FLOWING) {
            if (System.nanoTime() > deadline) {
                server.deathNotice().ifPresent(notice -> {
                    throw RuleViolation.because("the server died while one client streamed: " + notice).build();
                });
                throw new TestAbortedException("a streaming client got only " + echoed.get() + " bytes back within "
                        + t.describe(START_FLOWING) + ", so there is no fast neighbour to compete with; large transfers "
                        + "are ECHO-4's business");
            }
            Thread.sleep(5);
        }
    }

    private void pingPong(AtomicLong echoed, Timeouts t) throws IOException {
        long[] latencies = new long[EXCHANGES];
        long streamedBefore = echoed.get();
        long start = System.nanoTime();
        try (EchoClient ping = EchoClient.connect(server, t.within(ConcurrencyRules.CONNECT))) {
            for (int i = 0; i < EXCHANGES; i++) {
                byte[] line = ("ping " + (i + 1) + " of " + EXCHANGES + "\n").getBytes(StandardCharsets.US_ASCII);
                long sent = System.nanoTime();
                ping.write(line, t.within(MAX_LATENCY));
                ReadResult got = ping.read(line.length, t.within(MAX_LATENCY));
                latencies[i] = System.nanoTime() - sent;
                if (!Arrays.equals(line, got.bytes())) {
                    throw starved(i, got, latencies, echoed.get() - streamedBefore, System.nanoTime() - start, t);
                }
            }
        }
    }

    private RuleViolation starved(int failed, ReadResult got, long[] latencies, long streamed, long elapsed, Timeouts t) {
        long[] done = Arrays.copyOf(latencies, failed);
        RuleViolation.Builder violation = RuleViolation.because("while another client streamed at full speed, ping "
                        + (failed + 1) + " of " + EXCHANGES + " got " + (got.length() == 0 ? "no echo" : "a wrong echo")
                        + " within " + t.describe(MAX_LATENCY) + ": " + got.describeEnd())
                .evidence("the streaming client got " + String.format("%.1f MiB", streamed / 1048576.0) + " of echo back in "
                        + String.format("%.2f s", elapsed / 1e9) + " meanwhile");
        if (done.length > 0) {
            Arrays.sort(done);
            violation.evidence("the " + done.length + " exchanges before took " + ms(done[done.length / 2]) + " (median), "
                    + ms(done[done.length - 1]) + " (slowest)");
        }
        server.deathNotice().ifPresent(notice -> violation.evidence("the server is dead: " + notice));
        return violation.likelyCause(server.deathNotice().isPresent()
                        ? "your server crashed while one client streamed"
                        : "your server lets one busy client starve the others: it serves one client at a time, or its event "
                                + "loop keeps reading and echoing the fast client for as long as it has data (a loop until "
                                + "EAGAIN, or an unbounded batch) before it looks at the other ready connections. Serve each "
                                + "client on its own thread, or handle at most one buffer per ready connection per turn")
                .build();
    }

    private static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    private static void join(Thread thread, Timeouts t) throws InterruptedException {
        if (thread != null) {
            thread.join(t.within(ConcurrencyRules.EXCHANGE).toMillis());
        }
    }
}
