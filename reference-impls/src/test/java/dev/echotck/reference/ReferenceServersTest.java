package dev.echotck.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reference server, in process on an ephemeral port. Each wait is bounded (socket timeouts,
 * joins with a limit, and a JUnit timeout on top), so a broken server fails a test, never hangs
 * the build.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class ReferenceServersTest {

    private static final int SO_TIMEOUT_MS = 3_000;

    static Set<String> servers() {
        return ReferenceServers.names();
    }

    /**
     * All but {@code forked}, for the test that does not fit a JVM per client: fifty clients
     * answered within 3 s means fifty JVMs started at once on a possibly busy 2-core machine
     * (ForkedEchoServerTest covers it). The stop tests below run on every server, {@code forked}
     * included: they all implement the shutdown semantics of spec/rules/SHUT.md.
     */
    static Set<String> serversButForked() {
        Set<String> names = new TreeSet<>(ReferenceServers.names());
        names.remove("forked");
        return names;
    }

    @Test
    void allModelsAreRegistered() {
        assertThat(ReferenceServers.names()).containsExactly("async", "blocking", "forked", "selector", "virtual");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void echoes4MiBWrittenAndReadConcurrently(String name) throws Exception {
        byte[] payload = new byte[4 * 1024 * 1024];
        new Random(42).nextBytes(payload);
        try (Running server = Running.start(name, ServerOptions.DEFAULT_GRACE); Socket client = server.connect()) {
            Thread writer = writeInBackground(client, payload);
            byte[] echoed = client.getInputStream().readNBytes(payload.length);
            writer.join(SO_TIMEOUT_MS);
            assertThat(echoed.length).isEqualTo(payload.length);
            assertThat(Arrays.mismatch(echoed, payload)).as("first differing offset").isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void echoesByteExactThroughBackpressure(String name) throws Exception {
        // The client reads nothing until its writer is stuck: the server's writes are then short
        // (its socket buffer is full), and it must keep the rest and stop reading, not drop bytes.
        byte[] payload = new byte[16 * 1024 * 1024]; // more than the socket buffers on the way hold
        new Random(43).nextBytes(payload);
        try (Running server = Running.start(name, ServerOptions.DEFAULT_GRACE); Socket client = server.connect()) {
            AtomicLong written = new AtomicLong();
            Thread writer = writeInBackground(client, payload, written);
            awaitStalled(written);
            assertThat(written.get()).as("bytes written before the writer stalled").isLessThan(payload.length);

            byte[] echoed = client.getInputStream().readNBytes(payload.length);
            writer.join(SO_TIMEOUT_MS);
            assertThat(echoed.length).isEqualTo(payload.length);
            assertThat(Arrays.mismatch(echoed, payload)).as("first differing offset").isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void halfCloseEchoesEverythingThenEof(String name) throws Exception {
        byte[] payload = lines(64 * 1024);
        try (Running server = Running.start(name, ServerOptions.DEFAULT_GRACE); Socket client = server.connect()) {
            client.getOutputStream().write(payload);
            client.shutdownOutput();
            byte[] echoed = client.getInputStream().readAllBytes(); // returns at EOF only
            assertThat(echoed).isEqualTo(payload);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serversButForked")
    void fiftyConcurrentClientsEachGetTheirOwnLine(String name) throws Exception {
        int clients = 50;
        try (Running server = Running.start(name, ServerOptions.DEFAULT_GRACE);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch allConnected = new CountDownLatch(clients);
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String line = "client " + i + " says hello\n";
                replies.add(pool.submit(() -> {
                    try (Socket client = server.connect()) {
                        allConnected.countDown();
                        allConnected.await(SO_TIMEOUT_MS, TimeUnit.MILLISECONDS); // all 50 are open at once
                        client.getOutputStream().write(line.getBytes(StandardCharsets.US_ASCII));
                        return new String(client.getInputStream().readNBytes(line.length()), StandardCharsets.US_ASCII);
                    }
                }));
            }
            for (int i = 0; i < clients; i++) {
                assertThat(replies.get(i).get(2 * SO_TIMEOUT_MS, TimeUnit.MILLISECONDS)).isEqualTo("client " + i + " says hello\n");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void clientsThatLeaveLeaveNoThreadBehind(String name) throws Exception {
        try (Running server = Running.start(name, ServerOptions.DEFAULT_GRACE)) {
            exchange(server, "warm up\n"); // lets lazily started threads start
            Set<Thread> before = liveNonDaemonThreads();
            for (int i = 0; i < 20; i++) {
                exchange(server, "client " + i + "\n");
            }
            try (Socket reset = server.connect()) {
                reset.setSoLinger(true, 0); // closes with RST
            }
            awaitNoThreadsBesides(before, Duration.ofSeconds(2));
            exchange(server, "still serving\n");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void stopWithNoClientReturnsAtOnce(String name) throws Exception {
        Set<Thread> before = liveNonDaemonThreads();
        // a drain period far longer than the bound: with nothing to drain, it must not be waited for
        try (Running server = Running.start(name, Duration.ofSeconds(10))) {
            exchange(server, "hello\n");

            long elapsed = server.stopAndAwait(Duration.ofSeconds(5));

            assertThat(elapsed).as("ms from stop() to serve() returning").isLessThan(2_000);
            awaitNoThreadsBesides(before, Duration.ZERO); // serve() returned: everything is joined
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void afterStopNewClientsAreRefusedAndAnExistingOneIsStillServed(String name) throws Exception {
        try (Running server = Running.start(name, Duration.ofSeconds(10)); Socket client = server.connect()) {
            exchange(client, "before stop\n");

            server.stopInBackground();

            awaitRefused(server);
            exchange(client, "during the drain\n");
            client.close(); // the last connection ends: the drain is over long before its 10 s
            assertThat(server.awaitReturn(Duration.ofSeconds(5))).as("ms from stop() to serve() returning").isLessThan(3_000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void anIdleClientIsServedForTheDrainPeriodThenSeesTheEnd(String name) throws Exception {
        Set<Thread> before = liveNonDaemonThreads();
        Duration drain = Duration.ofMillis(500);
        try (Running server = Running.start(name, drain); Socket client = server.connect()) {
            exchange(client, "hello\n"); // its server thread (if any) now blocks in read

            long elapsed = server.stopAndAwait(Duration.ofSeconds(5));

            assertThat(elapsed).as("ms from stop() to serve() returning")
                    .isGreaterThanOrEqualTo(drain.toMillis() - 50) // System.nanoTime() vs currentTimeMillis rounding
                    .isLessThan(drain.toMillis() + 2_000);
            assertThat(readUntilEnd(client.getInputStream())).isEmpty(); // end of stream, not a timeout
            awaitNoThreadsBesides(before, Duration.ZERO);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void stopDeliversTheEchoOfBytesAlreadyReadThenEof(String name) throws Exception {
        byte[] payload = lines(16 * 1024);
        try (Running server = Running.start(name, Duration.ofMillis(300)); Socket client = server.connect()) {
            client.getOutputStream().write(payload);
            awaitAvailable(client, payload.length); // the server has read it all and echoed it: not consumed yet

            server.stopAndAwait(Duration.ofSeconds(5));

            assertThat(client.getInputStream().readAllBytes()).isEqualTo(payload); // then EOF, not a reset
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void stopWithAClientThatDoesNotReadEndsByTheEndOfTheGracePeriod(String name) throws Exception {
        byte[] payload = new byte[32 * 1024 * 1024]; // more than all socket buffers on the way hold
        new Random(7).nextBytes(payload);
        Duration grace = Duration.ofMillis(300);
        try (Running server = Running.start(name, grace); Socket client = server.connect()) {
            AtomicLong written = new AtomicLong();
            Thread writer = writeInBackground(client, payload, written);
            awaitFirstEcho(client); // the server is echoing (forked: its child JVM has started)
            awaitStalled(written); // the server holds echo it cannot write: backpressure is on
            assertThat(written.get()).as("bytes written before the writer stalled").isLessThan(payload.length);

            // the drain period, then at most FLUSH for the pending echo; sooner if the kernel finds room for it
            long elapsed = server.stopAndAwait(Duration.ofSeconds(5));
            assertThat(elapsed).as("ms from stop() to serve() returning")
                    .isLessThan(grace.toMillis() + BlockingEchoServer.FLUSH.toMillis() + 1_500);

            byte[] echoed = readUntilEnd(client.getInputStream());
            assertThat(echoed.length).isPositive().isLessThan(payload.length);
            assertThat(Arrays.mismatch(echoed, Arrays.copyOf(payload, echoed.length))).as("first differing offset").isEqualTo(-1);
            writer.join(SO_TIMEOUT_MS); // its next write fails: the server has closed the connection
            assertThat(writer.isAlive()).isFalse();
        }
    }

    // ---- helpers

    /** A server serving on 127.0.0.1 on a free port, in a thread of this JVM. */
    private record Running(EchoServer server, Thread thread, AtomicReference<Throwable> failure, AtomicLong stoppedAt)
            implements AutoCloseable {

        static Running start(String name, Duration grace) throws IOException {
            EchoServer server = ReferenceServers.create(name, new ServerOptions("127.0.0.1", 0, grace));
            server.bind();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread thread = Thread.ofPlatform().name("serve-" + name).start(() -> {
                try {
                    server.serve();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            return new Running(server, thread, failure, new AtomicLong());
        }

        Socket connect() throws IOException {
            Socket socket = new Socket();
            socket.connect(server.address(), SO_TIMEOUT_MS);
            socket.setSoTimeout(SO_TIMEOUT_MS);
            return socket;
        }

        /** Stops the server and returns how many ms serve() took to return; fails if it did not within the bound. */
        long stopAndAwait(Duration bound) throws InterruptedException {
            stopInBackground();
            return awaitReturn(bound);
        }

        /** Calls stop() from another thread, as a signal handler does, and notes when. */
        void stopInBackground() throws InterruptedException {
            stoppedAt.set(System.nanoTime());
            Thread.ofPlatform().name("signal-" + thread.getName()).start(server::stop).join();
        }

        /** How many ms after stop() serve() returned; fails if it did not within the bound. */
        long awaitReturn(Duration bound) throws InterruptedException {
            thread.join(bound);
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt.get());
            assertThat(thread.isAlive()).as("serve() still running %d ms after stop()", elapsed).isFalse();
            assertThat(failure.get()).as("serve() threw").isNull();
            return elapsed;
        }

        @Override
        public void close() {
            server.stop();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(thread.isAlive()).as("serve() did not return after stop()").isFalse();
            assertThat(failure.get()).as("serve() threw").isNull();
        }
    }

    private static void exchange(Running server, String line) throws IOException {
        try (Socket client = server.connect()) {
            exchange(client, line);
        }
    }

    private static void exchange(Socket client, String line) throws IOException {
        client.getOutputStream().write(line.getBytes(StandardCharsets.US_ASCII));
        assertThat(client.getInputStream().readNBytes(line.length())).asString(StandardCharsets.US_ASCII).isEqualTo(line);
    }

    /** Tries to connect until the server refuses (its listener is closed); fails after 3 s. */
    private static void awaitRefused(Running server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SO_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            try (Socket probe = server.connect()) {
                Thread.sleep(10); // accepted: the listener is not closed yet
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                Thread.sleep(10);
            }
        }
        throw new AssertionError("new connections were still accepted " + SO_TIMEOUT_MS + " ms after stop()");
    }

    private static Thread writeInBackground(Socket client, byte[] payload) {
        return writeInBackground(client, payload, new AtomicLong());
    }

    /** Writes the payload in 64 KiB writes, counting the bytes written; a failed write just ends it. */
    private static Thread writeInBackground(Socket client, byte[] payload, AtomicLong written) {
        return Thread.ofPlatform().start(() -> {
            try {
                OutputStream out = client.getOutputStream();
                for (int off = 0; off < payload.length; off += 64 * 1024) {
                    int length = Math.min(64 * 1024, payload.length - off);
                    out.write(payload, off, length);
                    written.addAndGet(length);
                }
            } catch (IOException e) {
                // the reader's assertions report what went wrong, or the server closed on purpose
            }
        });
    }

    /** Numbered lines of text, exactly {@code size} bytes. */
    private static byte[] lines(int size) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < size; i++) {
            text.append("line ").append(i).append(" of the half-close test\n");
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads until end of stream or a reset (both are "the server closed"); a timeout propagates. */
    private static byte[] readUntilEnd(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // connection reset: the server closed while the client's bytes were still unread
        }
        return bytes.toByteArray();
    }

    private static void awaitAvailable(Socket client, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SO_TIMEOUT_MS);
        while (client.getInputStream().available() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(client.getInputStream().available()).isEqualTo(count);
    }

    /**
     * Waits for the first echoed byte, with a bound for a JVM starting on a busy machine: until the
     * server echoes, a writer that stalls only says the kernel's buffers are full, and a stop then
     * would leave nothing to echo.
     */
    private static void awaitFirstEcho(Socket client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.getInputStream().available() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(client.getInputStream().available()).as("bytes echoed within 30 s").isPositive();
    }

    /** Waits until the writer has made no progress for 100 ms. */
    private static void awaitStalled(AtomicLong written) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SO_TIMEOUT_MS);
        long last = -1;
        while (written.get() != last && System.nanoTime() < deadline) {
            last = written.get();
            Thread.sleep(100);
        }
        assertThat(written.get()).as("the writer never stalled").isEqualTo(last);
    }

    private static Set<Thread> liveNonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon())
                .collect(Collectors.toSet());
    }

    private static void awaitNoThreadsBesides(Set<Thread> before, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        Set<Thread> extra;
        while (!(extra = newThreads(before)).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(extra).as("threads still alive").isEmpty();
    }

    private static Set<Thread> newThreads(Set<Thread> before) {
        Set<Thread> now = liveNonDaemonThreads();
        now.removeAll(before);
        return now;
    }
}
