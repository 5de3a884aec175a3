package dev.echotck.kit.rules;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.net.ReadResult;

/**
 * How long a client of a burst waits for its echo: as long as the server keeps serving the burst.
 *
 * <p>A fixed per-client bound cannot tell a slow server from one that lost the client. A server
 * that starts a process per client (a JVM, even) serves 200 simultaneous clients one start after
 * another: the last one waits many seconds, and is served. A server with seed 000's
 * {@code &client_fd} race serves the others quickly and never the lost one. So a client waits until
 * its echo is complete, or until no byte has reached any client of the burst for {@code quiet}
 * since it sent its line (the server has stopped serving the burst), or until {@code total} has
 * passed (a bound on the whole check). Progress is any byte arriving at any client: a server that keeps answering someone keeps
 * everyone waiting, which is what "all served" needs.
 */
final class BurstProgress {

    /**
     * How long the burst may go without any client getting a byte before the waiting ones count as
     * not served. A server that starts all its children at once on a busy machine has them ready
     * late and close together: a forked JVM per client answered its first client of a burst after
     * about 4 s once (load average 19, two cores). A client that is not served stays so: a longer
     * span only makes the failing run longer.
     */
    static final Duration QUIET = Duration.ofSeconds(10);
    /**
     * A bound on the whole burst. A server that starts a JVM per client serves 200 clients in 7
     * to 30 s on a busy two-core machine, and served 189 of them in 60 s once at a load average of
     * 27 (two such servers tested at once). Slow, not wrong. 90 s leaves room in the kit's 120 s
     * hard bound for the connects before it.
     */
    static final Duration ALL_SERVED = Duration.ofSeconds(90);

    /** How often a waiting client looks at the burst's progress. */
    private static final Duration SLICE = Duration.ofMillis(200);

    private final Duration quiet;
    private final long deadline;
    private final AtomicLong lastByte = new AtomicLong(System.nanoTime());
    private final AtomicLong latestEcho = new AtomicLong();

    BurstProgress(Duration quiet, Duration total) {
        this.quiet = quiet;
        this.deadline = System.nanoTime() + total.toNanos();
    }

    /** A burst that begins now, with the default bounds scaled. */
    static BurstProgress startingNow(Timeouts t) {
        return new BurstProgress(t.within(QUIET), t.within(ALL_SERVED));
    }

    /** For evidence: how long a client waited. */
    static String describe(Timeouts t) {
        return "while the server kept answering clients of the burst (until no client had received a byte for "
                + t.describe(QUIET) + ", at most " + t.describe(ALL_SERVED) + " in all)";
    }

    /** For evidence: the bound a client that got nothing had waited out. */
    static String describeQuiet(Timeouts t) {
        return describeQuiet(t, "burst");
    }

    /** The same, for a group of clients that is not called a burst where it is checked (CONC-4's trial). */
    static String describeQuiet(Timeouts t, String group) {
        return t.describe(QUIET) + " of the server's last answer to any client of the " + group;
    }

    /**
     * Reads {@code count} bytes from the client, waiting while the burst makes progress. The result
     * ends in {@link ReadResult.End#DEADLINE} when the server stopped serving the burst (or the
     * total bound passed), with whatever bytes had arrived.
     */
    ReadResult read(EchoClient client, int count) {
        long start = System.nanoTime();
        ByteArrayOutputStream received = new ByteArrayOutputStream(count);
        while (true) {
            long now = System.nanoTime();
            long left = deadline - now;
            // a client that connected late (its SYN was dropped and retried) gets its own quiet span
            long lastProgress = Math.max(lastByte.get(), start);
            if (left <= 0 || now - lastProgress > quiet.toNanos()) {
                return result(received, ReadResult.End.DEADLINE, start);
            }
            ReadResult slice = client.read(count - received.size(), Duration.ofNanos(Math.min(SLICE.toNanos(), left)));
            received.writeBytes(slice.bytes());
            if (slice.length() > 0) {
                lastByte.set(System.nanoTime());
            }
            if (slice.end() != ReadResult.End.DEADLINE) {
                if (slice.end() == ReadResult.End.COUNT) {
                    latestEcho.accumulateAndGet(System.nanoTime() - start, Math::max);
                }
                return result(received, slice.end(), start);
            }
        }
    }

    /** The longest any client waited for a complete echo (evidence that a slow server was slow, not wrong). */
    Duration longestWait() {
        return Duration.ofNanos(latestEcho.get());
    }

    private static ReadResult result(ByteArrayOutputStream received, ReadResult.End end, long start) {
        return new ReadResult(received.toByteArray(), end, Duration.ofNanos(System.nanoTime() - start));
    }
}
