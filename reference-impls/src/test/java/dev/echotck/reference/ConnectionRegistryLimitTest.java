package dev.echotck.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The connection limit's bookkeeping: {@link ConnectionRegistry#tryAdd} never admits more than the limit. */
class ConnectionRegistryLimitTest {

    private record Conn(int id) implements AutoCloseable {
        @Override
        public void close() {
        }
    }

    @Test
    void admitsUpToTheLimitAndAgainWhenOneLeaves() {
        ConnectionRegistry<Conn> registry = new ConnectionRegistry<>(2);
        Conn a = new Conn(1), b = new Conn(2), c = new Conn(3);

        assertThat(registry.tryAdd(a)).isTrue();
        assertThat(registry.tryAdd(b)).isTrue();
        assertThat(registry.tryAdd(c)).as("a third, at a limit of 2").isFalse();
        assertThat(registry.active()).isEqualTo(2);

        assertThat(registry.close(a)).isTrue();
        assertThat(registry.close(a)).as("closed twice, released once").isFalse();
        assertThat(registry.tryAdd(c)).as("after one left").isTrue();
        assertThat(registry.active()).isEqualTo(2);
    }

    @Test
    void theSameConnectionTakesOneSlot() {
        ConnectionRegistry<Conn> registry = new ConnectionRegistry<>(2);
        Conn a = new Conn(1);
        registry.add(a);
        assertThat(registry.tryAdd(a)).isTrue();
        assertThat(registry.active()).isEqualTo(1);
    }

    /** Many acceptors at once (the async server's accept handlers can overlap): never more than the limit. */
    @Test
    void concurrentAcceptorsNeverExceedTheLimit() throws Exception {
        int limit = 10;
        ConnectionRegistry<Conn> registry = new ConnectionRegistry<>(limit);
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 1_000; i++) {
                Conn conn = new Conn(i);
                pool.submit(() -> {
                    go.await();
                    if (registry.tryAdd(conn)) {
                        admitted.incrementAndGet();
                    }
                    return null;
                });
            }
            go.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(admitted.get()).isEqualTo(limit);
        assertThat(registry.active()).isEqualTo(limit);
    }
}
