package dev.echotck.kit.rules;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

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
