package dev.echotck.kit.rules;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;

/**
 * A client that writes lines and does not read its echo (ROB-2, ROB-6). A thread of its own writes,
 * so that the check's thread can watch the progress and tell "sent everything" from "the writes
 * stopped moving" (the server stopped reading) without itself blocking in a write.
 */
final class UnreadEchoWriter {

    enum Outcome {
        /** every byte asked for was written */
        SENT_ALL,
        /** no byte was written for the stall span: the server stopped reading from this client */
        STALLED,
        /** a write failed: the server closed or reset the connection, or died */
        FAILED
    }

    private static final int CHUNK = 64 * 1024;
    /** Whole lines, the last one cut to end the chunk with a newline; repeated, so 64 MiB cost 64 KiB. */
    private static final byte[] LINES = Payloads.lines("echo this client will not read ", CHUNK);
    private static final long POLL_MILLIS = 20;

    private final EchoClient client;
    private final long limit;
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private volatile boolean stop;
    private volatile IOException failure;

    private UnreadEchoWriter(EchoClient client, long limit, Duration writeBound) {
        this.client = client;
        this.limit = limit;
        this.writer = Thread.ofPlatform().daemon().name("echotck-unread-echo-writer").unstarted(() -> write(writeBound));
    }

    /** Starts writing up to {@code limit} bytes on {@code client}. */
    static UnreadEchoWriter start(EchoClient client, long limit, Timeouts timeouts) {
        // A single write may wait as long as the kit's hard bound: the check decides when to give
        // up (stall or total bound) and then closes the socket, which ends a blocked write.
        UnreadEchoWriter w = new UnreadEchoWriter(client, limit, timeouts.hardBound());
        w.writer.start();
        return w;
    }

    private void write(Duration writeBound) {
        try {
            while (!stop && written.get() < limit) {
                int n = (int) Math.min(CHUNK, limit - written.get());
                client.write(LINES, 0, n, writeBound);
                written.addAndGet(n);
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /**
     * Watches the writer until it has written everything, a write failed, or no byte was written
     * for {@code stall}; gives up (as STALLED) after {@code total}. Calls {@code sample} at every poll.
     */
    Outcome await(Duration stall, Duration total, Runnable sample) throws InterruptedException {
        long start = System.nanoTime();
        long lastProgress = start;
        long lastWritten = -1;
        while (true) {
            sample.run();
            long now = System.nanoTime();
            long w = written.get();
            if (w >= limit) {
                return Outcome.SENT_ALL;
            }
            if (!writer.isAlive()) {
                return failure != null ? Outcome.FAILED : Outcome.SENT_ALL;
            }
            if (w != lastWritten) {
                lastWritten = w;
                lastProgress = now;
            } else if (now - lastProgress >= stall.toNanos()) {
                return Outcome.STALLED;
            }
            if (now - start >= total.toNanos()) {
                return Outcome.STALLED;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    long written() {
        return written.get();
    }

    String failureMessage() {
        return failure == null ? "" : failure.getMessage();
    }

    /**
     * Stops writing and reads back the echo of everything written (a write blocked on a full window
     * completes as the echo is read), then half-closes and reads to the end of stream.
     *
     * @return how many bytes of echo arrived; equal to {@link #written()} when the drain completed
     */
    long drain(Duration within) throws InterruptedException {
        stop = true;
        long deadline = System.nanoTime() + within.toNanos();
        InputStream in;
        try {
            in = client.socket().getInputStream();
        } catch (IOException e) {
            return 0;
        }
        byte[] buffer = new byte[CHUNK];
        long received = 0;
        while (writer.isAlive() || received < written.get()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return received;
            }
            try {
                client.socket().setSoTimeout((int) Math.max(1, Math.min(left, 100)));
                int n = in.read(buffer);
                if (n < 0) {
                    return received;
                }
                received += n;
            } catch (SocketTimeoutException e) {
                // nothing arrived in this slice; look at the writer again
            } catch (IOException e) {
                return received; // reset or closed: the caller compares received with written
            }
        }
        writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        try {
            client.shutdownOutput();
            client.readToEnd(1, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (IOException e) {
            // the echo is all here; how the connection ends is not what this client is about
        }
        return received;
    }

    /** Closes without reading: with echo unread, the kernel sends a reset. Ends a blocked write. */
    void closeUnread() throws InterruptedException {
        stop = true;
        client.close();
        writer.join(TimeUnit.SECONDS.toMillis(5));
    }
}
