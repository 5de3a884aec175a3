package dev.echotck.kit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.echotck.kit.process.TreeMemory.Footprint;

/**
 * The idle mode must not compute a per-connection figure over connections the server turned
 * away (a forking server at its cap of children closes the extra ones): a small in-process server
 * that serves its first three clients and closes the rest shows how they are counted.
 */
class IdleConnectionsTest {

    @Test
    void connectionsAServerClosesAreCountedAsTurnedAwayNotServed() throws Exception {
        try (FullAfter server = new FullAfter(3);
             IdleConnections connections = IdleConnections.open(server.address(), 5, Duration.ofSeconds(10))) {
            assertThat(connections.count(IdleConnections.Outcome.SERVED)).isEqualTo(3);
            assertThat(connections.count(IdleConnections.Outcome.CLOSED)).isEqualTo(2);
            assertThat(connections.errors(5)).hasSize(2).allMatch(e -> e.contains("end of stream before the echo"));
            assertThat(connections.recheck(Duration.ofSeconds(10))).as("the three served ones are still served").isZero();
        }
    }

    @Test
    void aRunWithConnectionsTurnedAwayHasNoPerConnectionFigureAndSaysWhy() {
        SettledMemory before = new SettledMemory(new Footprint(40L << 20, 40L << 20, 1, 20), true, Duration.ofSeconds(1));
        SettledMemory after = new SettledMemory(new Footprint(400L << 20, 900L << 20, 257, 4000), true, Duration.ofSeconds(1));
        IdleMeasurement capped = new IdleMeasurement(1, "forked", 300, 256, 0, 44, 0, 0, 0, 12.0, before, after,
                List.of("connection 256: end of stream before the echo (after 0 of 10 bytes)"), null);

        assertThat(capped.clean()).isFalse();
        assertThat(capped.turnedAway()).isEqualTo(44);
        assertThat(capped.pssPerConnection()).isNaN();
        assertThat(capped.threadsPerConnection()).isNaN();
        assertThat(capped.problems().getFirst()).startsWith("44 of 300 connections were turned away").contains("no per-connection figure");

        IdleMeasurement whole = new IdleMeasurement(1, "forked", 256, 256, 0, 0, 0, 0, 0, 12.0, before, after, List.of(), null);
        assertThat(whole.pssPerConnection()).isEqualTo((360L << 20) / 256.0);
        assertThat(whole.processesPerConnection()).isEqualTo(1.0);
    }

    @Test
    void memorySettlesWhenTwoReadingsAgreeWithinOnePercentAndTheSameProcesses() {
        Footprint a = new Footprint(100_000_000, 0, 3, 10);
        assertThat(SettledMemory.agree(a, new Footprint(100_900_000, 0, 3, 12))).isTrue();
        assertThat(SettledMemory.agree(a, new Footprint(102_000_000, 0, 3, 10))).isFalse();
        assertThat(SettledMemory.agree(a, new Footprint(100_000_000, 0, 4, 10))).as("a child still starting").isFalse();
    }

    /** Echoes one line for each of its first {@code capacity} clients; closes every later one at once. */
    private static final class FullAfter implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        FullAfter(int capacity) throws IOException {
            AtomicInteger accepted = new AtomicInteger();
            acceptor = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        Socket client = listener.accept();
                        if (accepted.incrementAndGet() > capacity) {
                            client.close();
                            continue;
                        }
                        held.add(client);
                        Thread.ofVirtual().start(() -> echo(client));
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
        }

        InetSocketAddress address() {
            return (InetSocketAddress) listener.getLocalSocketAddress();
        }

        private static void echo(Socket client) {
            try (InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // closed by the test
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
