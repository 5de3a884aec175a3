package dev.echotck.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two limits every reference server offers (see {@link ServerOptions}), on every server:
 * {@code --max-connections} turns a connection beyond it away at once (end of stream, not a wait
 * in the listen queue) while those within it are served, and gives the slot back when one ends;
 * {@code --idle-timeout} closes a connection that sends nothing for that long, and only such a one.
 *
 * <p>Bounds: what must happen gets a few seconds (the forked server starts a JVM per client, on a
 * possibly busy 2-core machine); what must not happen is checked over its own span, and a test
 * whose client itself was late (so that it was idle in fact) is aborted, not failed.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServerLimitsTest {

    /** "Must happen within": generous, since a forked child is a JVM that may start slowly on a busy machine. */
    private static final int WITHIN_MS = 10_000;
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(300);

    static Set<String> servers() {
        return ReferenceServers.names();
    }

    @AfterEach
    void noChildOutlivesItsServer() {
        List<ProcessHandle> left = ProcessHandle.current().children().toList();
        left.forEach(ProcessHandle::destroyForcibly);
        assertThat(left).as("child processes left after serve() returned").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aConnectionBeyondTheLimitSeesEndOfStreamWhileTheFirstTwoAreServed(String name) throws Exception {
        try (Running server = Running.start(name, defaults().withMaxConnections(2));
             Socket first = server.connect(); Socket second = server.connect()) {
            exchange(first, "first\n"); // both are accepted and counted before the third connects
            exchange(second, "second\n");

            try (Socket third = server.connect()) {
                long start = System.nanoTime();
                assertThat(read(third)).as("what the third connection reads").isEqualTo(-1); // end of stream, not a timeout
                assertThat(millisSince(start)).as("ms until the third connection saw end of stream").isLessThan(WITHIN_MS);
            }

            exchange(first, "first again\n");
            exchange(second, "second again\n");
            first.close();
            awaitServedAgain(server); // the first one's slot is given back
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void anIdleConnectionIsClosed(String name) throws Exception {
        try (Running server = Running.start(name, defaults().withIdleTimeout(IDLE_TIMEOUT)); Socket client = server.connect()) {
            long sent = System.nanoTime(); // the server's wait for input starts after it has read this line
            exchange(client, "hello\n");

            assertThat(read(client)).as("what the idle connection reads").isEqualTo(-1); // end of stream within WITHIN_MS
            assertThat(millisSince(sent)).as("ms from its last line to end of stream")
                    .isGreaterThanOrEqualTo(IDLE_TIMEOUT.toMillis() - 1) // ms rounding of nanoTime
                    .isLessThan(WITHIN_MS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aConnectionThatSendsEvery100msIsNotClosedFor1s(String name) throws Exception {
        try (Running server = Running.start(name, defaults().withIdleTimeout(IDLE_TIMEOUT)); Socket client = server.connect()) {
            exchange(client, "warm up\n"); // a forked child starts here, before the span is timed
            long start = System.nanoTime();
            long last = start;
            for (int i = 0; millisSince(start) < 1_000; i++) {
                Thread.sleep(100);
                long gap = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - last);
                Assumptions.assumeTrue(gap < IDLE_TIMEOUT.toMillis() - 50,
                        "the test's own client was idle " + gap + " ms (a busy machine): the span proves nothing");
                exchange(client, "line " + i + "\n"); // fails if the server closed the connection
                last = System.nanoTime();
            }
        }
    }

    // ---- helpers

    private static ServerOptions defaults() {
        return new ServerOptions("127.0.0.1", 0, Duration.ofMillis(300)); // a short drain: the tests stop it often
    }

    /** A server on a free loopback port, in a thread of this JVM. */
    private record Running(EchoServer server, Thread thread, AtomicReference<Throwable> failure) implements AutoCloseable {

        static Running start(String name, ServerOptions options) throws IOException {
            EchoServer server = ReferenceServers.create(name, options);
            server.bind();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread thread = Thread.ofPlatform().name("serve-" + name).start(() -> {
                try {
                    server.serve();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            return new Running(server, thread, failure);
        }

        Socket connect() throws IOException {
            Socket socket = new Socket();
            socket.connect(server.address(), WITHIN_MS);
            socket.setSoTimeout(WITHIN_MS);
            return socket;
        }

        @Override
        public void close() throws InterruptedException {
            server.stop();
            thread.join(10_000);
            assertThat(thread.isAlive()).as("serve() did not return after stop()").isFalse();
            assertThat(failure.get()).as("serve() threw").isNull();
        }
    }

    private static void exchange(Socket client, String line) throws IOException {
        client.getOutputStream().write(line.getBytes(StandardCharsets.US_ASCII));
        assertThat(client.getInputStream().readNBytes(line.length())).asString(StandardCharsets.US_ASCII).isEqualTo(line);
    }

    /** One byte, or -1 at end of stream (a reset counts as the end too); a timeout fails. */
    private static int read(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was still open " + WITHIN_MS + " ms later", e);
        } catch (SocketException reset) {
            return -1;
        }
    }

    /** Connects until a connection is echoed rather than turned away: a freed slot may take a moment (a child's exit). */
    private static void awaitServedAgain(Running server) throws Exception {
        long start = System.nanoTime();
        while (millisSince(start) < WITHIN_MS) {
            try (Socket client = server.connect()) {
                client.getOutputStream().write("again\n".getBytes(StandardCharsets.US_ASCII));
                byte[] echoed = client.getInputStream().readNBytes(6);
                if (echoed.length == 6) {
                    assertThat(new String(echoed, StandardCharsets.US_ASCII)).isEqualTo("again\n");
                    return;
                }
            } catch (SocketException turnedAway) {
                // reset: turned away after our line arrived
            }
            Thread.sleep(50); // turned away: the slot is not free yet
        }
        throw new AssertionError("no new connection was served within " + WITHIN_MS + " ms after one of the two closed");
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
