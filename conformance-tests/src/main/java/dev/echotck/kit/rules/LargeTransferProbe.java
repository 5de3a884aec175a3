package dev.echotck.kit.rules;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import dev.echotck.kit.check.ByteDiff;
import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * ECHO-4: a writer streams seeded pseudo-random bytes while the reader compares the echo as it
 * arrives, regenerating the same stream from the same seed, so 16 MiB are checked without being
 * held in memory twice.
 */
final class LargeTransferProbe {

    private static final int CHUNK = 64 * 1024;
    private static final Duration TOTAL = Duration.ofSeconds(60);
    private static final Duration STALL = Duration.ofSeconds(15);

    private final ServerUnderTest server;
    private final RuleContext rule;
    private final int size;

    LargeTransferProbe(ServerUnderTest server, RuleContext rule, int size) {
        this.server = server;
        this.rule = rule;
        this.size = size;
    }

    void run() throws Exception {
        Timeouts t = rule.timeouts();
        long streamSeed = rule.random().nextLong();
        AtomicLong written = new AtomicLong();
        try (EchoClient client = EchoClient.connect(server, t.within(EchoRules.CONNECT))) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(client, streamSeed, written, t),
                    Thread::startVirtualThread);
            verify(client, streamSeed, written, t);
            writer.join();
        }
    }

    private void write(EchoClient client, long seed, AtomicLong written, Timeouts t) {
        SplittableRandom stream = new SplittableRandom(seed);
        byte[] chunk = new byte[CHUNK];
        try {
            while (written.get() < size) {
                int n = (int) Math.min(CHUNK, size - written.get());
                stream.nextBytes(chunk);
                client.write(chunk, 0, n, t.within(STALL));
                written.addAndGet(n);
            }
        } catch (IOException e) {
            // the reader reports what the client saw; a failed write shows there as a stall or reset
        }
    }

    private void verify(EchoClient client, long seed, AtomicLong written, Timeouts t) throws IOException {
        SplittableRandom stream = new SplittableRandom(seed);
        byte[] expected = new byte[CHUNK];
        byte[] received = new byte[CHUNK];
        long start = System.nanoTime();
        long deadline = start + t.within(TOTAL).toNanos();
        InputStream in = client.socket().getInputStream();
        long offset = 0;
        while (offset < size) {
            int n = (int) Math.min(CHUNK, size - offset);
            stream.nextBytes(expected);
            int got = 0;
            while (got < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw failure("the 16 MiB transfer did not complete within " + t.describe(TOTAL), offset + got, written);
                }
                client.socket().setSoTimeout((int) Math.max(1, Math.min(left / 1_000_000, t.within(STALL).toMillis())));
                int r;
                try {
                    r = in.read(received, got, n - got);
                } catch (SocketTimeoutException e) {
                    throw failure("the echo stalled: no byte arrived for " + t.describe(STALL), offset + got, written);
                } catch (IOException e) {
                    throw failure("the connection failed: " + e.getMessage(), offset + got, written);
                }
                if (r < 0) {
                    throw failure("the server closed the connection early", offset + got, written);
                }
                got += r;
            }
            ByteDiff diff = new ByteDiff(expected, n, received, n);
            if (diff.firstDifference().isPresent()) {
                int d = diff.firstDifference().get();
                throw RuleViolation.because("the echo differs from the stream sent at offset " + (offset + d)
                                + " of " + size)
                        .evidence("in the 64 KiB chunk starting at offset " + offset + ": " + diff.evidence())
                        .evidence("seed " + rule.seed() + " (replay: --only ECHO-4 --seed " + rule.seed() + ")")
                        .likelyCause(diff.corruptionCause().orElse("the server changes or reorders data under load"))
                        .build();
            }
            offset += n;
        }
    }

    private RuleViolation failure(String summary, long receivedSoFar, AtomicLong written) {
        RuleViolation.Builder violation = RuleViolation.because(summary)
                .evidence("received and verified " + receivedSoFar + " of " + size + " bytes; the writer had written "
                        + written.get() + " bytes");
        server.deathNotice().ifPresent(notice -> violation.evidence("the server is dead: " + notice));
        String cause;
        if (summary.contains("closed")) {
            cause = "your server closed the connection after " + receivedSoFar + " bytes: it may read a limited amount, "
                    + "or only once, and then close";
        } else if (summary.contains("stalled")) {
            cause = "bytes the server read were never echoed: a short write whose remainder is dropped, or an event "
                    + "loop that stops reading when the client's window is full and never registers for write "
                    + "readiness (OP_WRITE / EPOLLOUT), or never resumes reading";
        } else {
            cause = "the server cannot keep up with a client that writes and reads at the same time";
        }
        return violation.likelyCause(cause).build();
    }
}
