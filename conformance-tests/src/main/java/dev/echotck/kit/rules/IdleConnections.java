package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * Connections that connect and then send nothing: seed 004's client whose user "goes out to lunch".
 * They sit in one selector, so that checking a thousand of them for an unexpected close or reply
 * is one {@code selectNow}, not a thousand timed reads.
 */
final class IdleConnections implements AutoCloseable {

    private final ServerUnderTest server;
    private final Selector selector;
    private final List<SocketChannel> channels = new ArrayList<>();

    IdleConnections(ServerUnderTest server) throws IOException {
        this.server = server;
        this.selector = Selector.open();
    }

    /**
     * Connects {@code count} more, one after another, each within {@code connectBound} and all within
     * {@code allBound}. Connecting in turn, not in a burst, keeps a small listen backlog from
     * mattering: this is about holding connections, CONC-5 is about bursts.
     */
    void open(int count, Duration connectBound, Duration allBound) throws IOException {
        long deadline = System.nanoTime() + allBound.toNanos();
        int target = channels.size() + count;
        for (int i = 0; i < count; i++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw tooSlow(target, allBound);
            }
            SocketChannel channel = SocketChannel.open();
            try {
                long bound = Math.min(connectBound.toMillis(), Math.max(1, left / 1_000_000));
                channel.socket().connect(server.address(), (int) Math.max(1, bound));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, channels.size() + 1);
                channels.add(channel);
            } catch (IOException e) {
                channel.close();
                RuleViolation.Builder violation = RuleViolation.because("idle connection " + (channels.size() + 1)
                                + " could not connect: " + e.getMessage())
                        .evidence(channels.size() + " idle connections were open; each connect may take "
                                + Math.max(1, connectBound.toMillis()) + " ms");
                server.deathNotice().ifPresent(notice -> violation.evidence("the server is dead: " + notice));
                throw violation.likelyCause(server.deathNotice().isPresent()
                                ? "your server crashed while clients connected and sent nothing"
                                : "your server stopped accepting connections: it is busy with the first ones (one client "
                                        + "at a time, so the kernel's listen queue filled up), or it ran out of file "
                                        + "descriptors (check ulimit -n and that accept errors do not stop the loop)")
                        .build();
            }
        }
    }

    private RuleViolation tooSlow(int target, Duration allBound) {
        return RuleViolation.because("only " + channels.size() + " of " + target + " idle connections could be opened "
                        + "within " + allBound.toMillis() / 1000.0 + " s")
                .evidence("each connect completed, but slowly")
                .likelyCause("your server accepts connections slowly (work between two accept calls) and its listen "
                        + "backlog is small, so the kernel drops connection requests and clients retry after 1 s")
                .build();
    }

    int count() {
        return channels.size();
    }

    /**
     * What the server did to idle connections so far, one line each: closed them, reset them or
     * sent them bytes they never asked for. Empty when every one is still open and silent.
     */
    List<String> disturbed() throws IOException {
        List<String> seen = new ArrayList<>();
        selector.selectNow();
        ByteBuffer buffer = ByteBuffer.allocate(256);
        for (SelectionKey key : selector.selectedKeys()) {
            SocketChannel channel = (SocketChannel) key.channel();
            buffer.clear();
            String what;
            try {
                int n = channel.read(buffer);
                what = n < 0 ? "closed by the server (end of stream)" : n + " unexpected bytes arrived";
            } catch (IOException e) {
                what = "reset (" + e.getMessage() + ")";
            }
            seen.add("idle connection " + key.attachment() + ": " + what);
            key.cancel();
        }
        selector.selectedKeys().clear();
        return seen;
    }

    /** Closes the selector first: a channel still registered with it would close only at its next select. */
    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        for (SocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
