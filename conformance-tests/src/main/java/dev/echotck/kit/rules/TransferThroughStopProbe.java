package dev.echotck.kit.rules;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.process.Signals;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * SHUT-5: a 1 MiB transfer that SIGTERM interrupts, echoed completely. A reader thread takes the
 * echo as it comes; the writer sends a quarter before the signal and spreads the rest over the
 * second after it, so that the stop certainly happens in the middle of the transfer, whatever
 * the machine's speed: the last bytes are sent a full second after the signal.
 */
final class TransferThroughStopProbe {

    private static final int SIZE = 1 << 20;
    private static final int CHUNK = 64 * 1024;
    private static final int BEFORE = 4; // chunks sent and echoed before the signal
    /** Half the drain period, not scaled: the drain period is the server's and does not grow on a slow machine. */
    private static final Duration SPAN = Duration.ofSeconds(1);
    private static final Duration ECHO = Duration.ofSeconds(5);

    private final ServerUnderTest server;
    private final RuleContext rule;

    TransferThroughStopProbe(ServerUnderTest server, RuleContext rule) {
        this.server = server;
        this.rule = rule;
    }

    void run() throws Exception {
        Timeouts t = rule.timeouts();
        byte[] payload = Payloads.lines("SHUT-5 transfer line ", SIZE);
        CountDownLatch firstQuarterRead = new CountDownLatch(1);
        AtomicReference<ReadResult> first = new AtomicReference<>();
        String writeFailure = null;
        try (EchoClient client = EchoClient.connect(server, t.within(ShutdownRules.CONNECT))) {
            CompletableFuture<ReadResult> rest = CompletableFuture.supplyAsync(() -> {
                first.set(client.read(BEFORE * CHUNK, t.within(ECHO)));
                firstQuarterRead.countDown();
                if (first.get().length() < BEFORE * CHUNK) {
                    return null;
                }
                Duration bound = SPAN.plus(t.within(ECHO)).plus(t.within(ECHO)); // the writes' span, then the echo's bound
                return client.readToEnd(SIZE, bound);
            }, Thread::startVirtualThread);

            try {
                for (int i = 0; i < BEFORE; i++) {
                    client.write(payload, i * CHUNK, CHUNK, t.within(ECHO));
                }
            } catch (IOException e) {
                throw beforeTheSignal("a write failed: " + e.getMessage());
            }
            if (!firstQuarterRead.await(t.within(ECHO).multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS)) {
                throw beforeTheSignal("the reader is still waiting");
            }
            if (first.get().length() < BEFORE * CHUNK) {
                throw beforeTheSignal(first.get().length() + " bytes came back, then " + first.get().describeEnd());
            }

            ServerStop stop = ServerStop.send(server, Signals.SIGTERM);
            int after = SIZE / CHUNK - BEFORE;
            for (int i = 1; i <= after; i++) {
                long due = stop.sentAtNanos() + SPAN.toNanos() * i / after;
                sleepUntil(due);
                try {
                    client.write(payload, (BEFORE + i - 1) * CHUNK, CHUNK, t.within(ECHO));
                } catch (IOException e) {
                    writeFailure = "the client's write of bytes " + (BEFORE + i - 1) * CHUNK + " and on failed "
                            + stop.sinceSignal() + " after SIGTERM: " + e.getMessage();
                    break;
                }
            }
            if (writeFailure == null) {
                client.shutdownOutput();
            }
            verify(payload, first.get(), rest.get(), stop, writeFailure);
        }
    }

    private static void verify(byte[] payload, ReadResult first, ReadResult rest, ServerStop stop, String writeFailure) {
        byte[] received = new byte[first.length() + rest.length()];
        System.arraycopy(first.bytes(), 0, received, 0, first.length());
        System.arraycopy(rest.bytes(), 0, received, first.length(), rest.length());
        int mismatch = Arrays.mismatch(received, 0, received.length, payload, 0, Math.min(payload.length, received.length));
        if (mismatch >= 0) {
            throw RuleViolation.because("the echo differs from what was sent at offset " + mismatch + " of the 1 MiB")
                    .evidence("SIGTERM came after the echo of the first " + BEFORE * CHUNK + " bytes")
                    .likelyCause("the stop mixes up buffers: echo written twice, or a buffer reused while its echo was pending")
                    .build();
        }
        if (received.length < SIZE || rest.end() != ReadResult.End.EOF) {
            RuleViolation.Builder violation = RuleViolation.because(received.length < SIZE
                            ? "the transfer was cut: " + received.length + " of " + SIZE + " bytes came back"
                            : "all " + SIZE + " bytes came back, but no end of stream followed")
                    .evidence("SIGTERM came after the echo of the first " + BEFORE * CHUNK + " bytes; the other "
                            + (SIZE - BEFORE * CHUNK) + " were sent in " + (SIZE / CHUNK - BEFORE) + " writes spread over "
                            + "the next " + ServerStop.seconds(SPAN.toNanos()) + ", then the client half-closed")
                    .evidence("after the first quarter: " + rest.describeEnd() + "; the server " + stop.describeExit());
            if (writeFailure != null) {
                violation.evidence(writeFailure);
            }
            throw violation.likelyCause(received.length < SIZE
                            ? "your stop cuts existing connections at once (or after a drain period much shorter than "
                            + "2 s): keep serving them for the drain period, then shut down their read side"
                            : "the server stopped reading after the stop but kept the connection open: close it once "
                            + "its echo is written")
                    .build();
        }
    }

    private static RuleViolation beforeTheSignal(String seen) {
        return RuleViolation.because("the first " + BEFORE * CHUNK + " bytes were not echoed before any signal was sent: "
                        + seen)
                .likelyCause("the server does not echo a 256 KiB stream; see the ECHO rules")
                .build();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
