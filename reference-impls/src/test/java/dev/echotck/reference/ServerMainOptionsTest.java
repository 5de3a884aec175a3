package dev.echotck.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** What {@code serve}'s limit options turn into: the {@link ServerOptions} a server is created with. */
class ServerMainOptionsTest {

    /** Runs ServerMain with a registry that records the options and starts nothing; returns them, or null. */
    private static ServerOptions parsed(AtomicReference<Integer> status, String... args) {
        AtomicReference<ServerOptions> seen = new AtomicReference<>();
        status.set(ServerMain.run(name -> options -> {
            seen.set(options);
            throw new IllegalStateException("recorded, not started");
        }, args));
        return seen.get();
    }

    @Test
    void withoutLimitOptionsTheModelDefaultsApplyAndThereIsNoIdleTimeout() {
        ServerOptions options = parsed(new AtomicReference<>(), "blocking");
        assertThat(options.maxConnections()).isEqualTo(OptionalInt.empty());
        assertThat(options.maxConnectionsOr(BlockingEchoServer.DEFAULT_MAX_CONNECTIONS)).isEqualTo(10_000);
        assertThat(options.idleTimeout()).isEqualTo(Optional.empty());
    }

    @Test
    void limitOptionsReachTheServer() {
        assertThat(parsed(new AtomicReference<>(), "selector", "--max-connections", "2", "--idle-timeout", "500ms"))
                .isEqualTo(new ServerOptions("127.0.0.1", 0, ServerOptions.DEFAULT_GRACE, OptionalInt.of(2),
                        Optional.of(Duration.ofMillis(500))));
        assertThat(parsed(new AtomicReference<>(), "async", "--idle-timeout", "30s").idleTimeout()).contains(Duration.ofSeconds(30));
        assertThat(parsed(new AtomicReference<>(), "async", "--idle-timeout", "2m").idleTimeout()).contains(Duration.ofMinutes(2));
    }

    @Test
    void nonsenseIsAUsageError() {
        for (String[] args : new String[][] {
                {"blocking", "--max-connections", "0"},
                {"blocking", "--idle-timeout", "0s"},
                {"blocking", "--idle-timeout", "30"},
                {"blocking", "--idle-timeout", "soon"}}) {
            AtomicReference<Integer> status = new AtomicReference<>();
            assertThat(parsed(status, args)).as(String.join(" ", args)).isNull();
            assertThat(status.get()).as("exit status of " + String.join(" ", args)).isEqualTo(2);
        }
    }
}
