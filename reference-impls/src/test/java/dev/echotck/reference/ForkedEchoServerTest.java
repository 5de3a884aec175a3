package dev.echotck.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What only a process-per-client server can get wrong, checked on the real processes: the seeds'
 * fork bugs (zombies, a parent that keeps the connection, a child that keeps the listener) and
 * the drain-then-SIGTERM stop. Reads /proc, so Linux only, like the server itself.
 *
 * <p>Every child is a real JVM; after each test none may be left (serve() reaps them all), and
 * any that is gets killed so that a failure never leaks processes.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ForkedEchoServerTest {

    private static final int SO_TIMEOUT_MS = 10_000; // a child is a JVM: allow a busy machine many starts

    @AfterEach
    void noChildOutlivesItsServer() {
        List<ProcessHandle> left = ProcessHandle.current().children().toList();
        left.forEach(ProcessHandle::destroyForcibly);
        assertThat(left).as("child processes left after serve() returned").isEmpty();
    }

    @Test
    void tenConcurrentClientsEachGetTheirOwnLine() throws Exception {
        try (Running server = Running.start(ServerOptions.DEFAULT_GRACE)) {
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    clients.add(server.connect());
                }
                for (int i = 0; i < clients.size(); i++) {
                    send(clients.get(i), "client " + i + "\n");
                }
                for (int i = 0; i < clients.size(); i++) {
                    assertThat(receive(clients.get(i), ("client " + i + "\n").length())).isEqualTo("client " + i + "\n");
                }
                assertThat(ProcessHandle.current().children().count()).as("one child per connected client").isEqualTo(10);
            } finally {
                for (Socket client : clients) {
                    client.close();
                }
            }
        }
    }

    @Test
    void aChildIsReapedSoonAfterItsClientLeaves() throws Exception {
        try (Running server = Running.start(ServerOptions.DEFAULT_GRACE)) {
            for (int i = 0; i < 5; i++) {
                try (Socket client = server.connect()) {
                    send(client, "client " + i + "\n");
                    assertThat(receive(client, 9)).isEqualTo("client " + i + "\n");
                }
            }
            // no zombie either: a zombie is still listed as a child until it is reaped
            awaitTrue(() -> ProcessHandle.current().children().findAny().isEmpty(), Duration.ofSeconds(3),
                    () -> "children not reaped: " + describe(ProcessHandle.current().children().toList()));
        }
    }

    @Test
    void theParentKeepsNoCopyOfAConnectionAndTheChildNoListener() throws Exception {
        try (Running server = Running.start(ServerOptions.DEFAULT_GRACE); Socket client = server.connect()) {
            send(client, "hello\n");
            assertThat(receive(client, 6)).isEqualTo("hello\n"); // the child runs
            ProcessHandle child = ProcessHandle.current().children().findFirst().orElseThrow();
            long connection = socketInode(server.port(), client.getLocalPort(), "01").orElseThrow(); // ESTABLISHED
            long listener = socketInode(server.port(), 0, "0A").orElseThrow(); // LISTEN

            assertThat(socketInodes(ProcessHandle.current().pid()))
                    .as("sockets of the parent (seeds 001/004: the parent must close connfd)")
                    .contains(listener).doesNotContain(connection);
            assertThat(socketInodes(child.pid()))
                    .as("sockets of the child (it must not hold the listener)")
                    .contains(connection).doesNotContain(listener);
        }
    }

    @Test
    void stopRefusesNewClientsAtOnceThenDrainsThenEndsTheRest() throws Exception {
        Duration grace = Duration.ofMillis(1_500);
        try (Running server = Running.start(grace); Socket client = server.connect()) {
            send(client, "before\n");
            assertThat(receive(client, 7)).isEqualTo("before\n");

            long start = System.nanoTime();
            server.server().stop();
            assertThatThrownBy(server::connect).as("a connection after stop()").isInstanceOf(ConnectException.class);

            send(client, "during the drain\n"); // still served: the drain period is not over
            assertThat(receive(client, 17)).isEqualTo("during the drain\n");
            assertThat(client.getInputStream().read()).as("after the drain: SIGTERM, end of stream").isEqualTo(-1);
            long eofAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(eofAfter).as("ms from stop() to end of stream").isBetween(grace.toMillis() - 100, grace.toMillis() + 2_000);

            server.awaitServeReturned(Duration.ofSeconds(3));
        }
    }

    // ---- helpers

    private record Running(EchoServer server, Thread thread, AtomicReference<Throwable> failure) implements AutoCloseable {

        static Running start(Duration grace) throws IOException {
            EchoServer server = new ForkedEchoServer(new ServerOptions("127.0.0.1", 0, grace));
            server.bind();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread thread = Thread.ofPlatform().name("serve-forked").start(() -> {
                try {
                    server.serve();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            return new Running(server, thread, failure);
        }

        int port() {
            return server.address().getPort();
        }

        Socket connect() throws IOException {
            Socket socket = new Socket();
            socket.connect(server.address(), SO_TIMEOUT_MS);
            socket.setSoTimeout(SO_TIMEOUT_MS);
            return socket;
        }

        void awaitServeReturned(Duration bound) throws InterruptedException {
            thread.join(bound);
            assertThat(thread.isAlive()).as("serve() still running after stop()").isFalse();
            assertThat(failure.get()).as("serve() threw").isNull();
        }

        @Override
        public void close() throws InterruptedException {
            server.stop();
            awaitServeReturned(Duration.ofSeconds(10)); // grace + 1 s after SIGTERM at most
        }
    }

    private static void send(Socket client, String line) throws IOException {
        client.getOutputStream().write(line.getBytes(StandardCharsets.US_ASCII));
    }

    private static String receive(Socket client, int length) throws IOException {
        return new String(client.getInputStream().readNBytes(length), StandardCharsets.US_ASCII);
    }

    private static void awaitTrue(BooleanSupplier condition, Duration bound, java.util.function.Supplier<String> why)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as(why.get()).isTrue();
            Thread.sleep(20);
        }
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " " + state(p.pid())).collect(Collectors.joining(", "));
    }

    private static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return "state " + stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "gone";
        }
    }

    /** Inodes of the sockets process {@code pid} has open, from its /proc/PID/fd links. */
    private static Set<Long> socketInodes(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.map(ForkedEchoServerTest::linkOrEmpty)
                    .filter(target -> target.startsWith("socket:["))
                    .map(target -> Long.parseLong(target.substring(8, target.length() - 1)))
                    .collect(Collectors.toSet());
        }
    }

    private static String linkOrEmpty(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return ""; // closed since the listing
        }
    }

    /**
     * The inode of the IPv4 TCP socket with local port {@code localPort}, remote port
     * {@code remotePort} (0 for a listener) and state {@code state} (hex, as /proc/net/tcp shows
     * it: 01 established, 0A listening).
     */
    private static OptionalLong socketInode(int localPort, int remotePort, String state) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/net/tcp"))) {
            return lines.skip(1)
                    .map(String::strip)
                    .map(line -> line.split("\\s+"))
                    .filter(f -> port(f[1]) == localPort && port(f[2]) == remotePort && f[3].equalsIgnoreCase(state))
                    .mapToLong(f -> Long.parseLong(f[9]))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int port(String hexAddress) {
        return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1).toLowerCase(Locale.ROOT), 16);
    }
}
