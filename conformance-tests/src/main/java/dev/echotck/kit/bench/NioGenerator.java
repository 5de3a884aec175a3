package dev.echotck.kit.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The kit's load generator: non-blocking channels, one selector thread per core, the connections
 * spread over them. On a small machine the generator competes with the server for the same cores,
 * so it must spend as little CPU per operation as it can: a thread per connection would pay a
 * context switch per message and connection (see {@link ThreadGenerator}, kept to measure exactly
 * that), a selector thread serves all of its connections that are ready in one wake-up. Nothing
 * is allocated per operation: writes go straight from the shared {@link Pattern}, reads land in
 * one direct buffer per connection and are compared in place.
 */
final class NioGenerator implements Generator {

    private static final int READS_PER_WAKEUP = 4; // then the loop's other connections get a turn
    private static final long SELECT_MILLIS = 100; // how late a loop notices the stop, at worst

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public LoadResult run(InetSocketAddress server, Load load, Window window) throws IOException, InterruptedException {
        Phase phase = new Phase();
        FirstEchoes firstEchoes = new FirstEchoes(load.connections());
        int loopCount = Math.min(Runtime.getRuntime().availableProcessors(), load.connections());
        List<Loop> loops = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < loopCount; i++) {
                loops.add(new Loop(phase, firstEchoes));
            }
            for (int id = 0; id < load.connections(); id++) {
                Connection connection = switch (load.mode()) {
                    case PINGPONG -> new PingPong(id, server, load.size());
                    case STREAM -> new Stream(id, server, load.size());
                    case CONNECT -> new ConnectSlot(id, server);
                };
                connections.add(connection);
                loops.get(id % loopCount).connections.add(connection);
            }
            for (Loop loop : loops) {
                threads.add(Thread.ofPlatform().name("bench-nio-" + threads.size()).daemon().start(loop));
            }
            double setupSeconds = firstEchoes.await();
            Thread.sleep(load.warmup());
            window.opened(ProcessHandle.current().pid());
            phase.measure();
            long start = System.nanoTime();
            Thread.sleep(load.duration());
            phase.stop();
            double seconds = (System.nanoTime() - start) / 1e9;
            window.closed();
            for (Thread thread : threads) {
                thread.join(SELECT_MILLIS * 50);
            }
            long[] live = connections.stream().filter(c -> !c.failed).mapToLong(c -> c.completedInWindow).toArray();
            return WorkerStats.sum(loops.stream().map(l -> l.stats).toList(), load.mode(), load.size(),
                    load.connections(), live, seconds, setupSeconds);
        } finally {
            phase.stop();
            for (Thread thread : threads) {
                thread.join(SELECT_MILLIS * 50);
            }
            connections.forEach(Connection::close);
            for (Loop loop : loops) {
                loop.selector.close();
            }
        }
    }

    /** One thread, one selector, its share of the connections. */
    private static final class Loop implements Runnable {
        final Selector selector = Selector.open();
        final WorkerStats stats = new WorkerStats();
        final List<Connection> connections = new ArrayList<>();
        final Phase phase;
        final FirstEchoes firstEchoes;

        Loop(Phase phase, FirstEchoes firstEchoes) throws IOException {
            this.phase = phase;
            this.firstEchoes = firstEchoes;
        }

        @Override
        public void run() {
            for (Connection connection : connections) {
                connection.start(this);
            }
            try {
                while (phase.running()) {
                    selector.select(key -> ((Connection) key.attachment()).ready(key), SELECT_MILLIS);
                }
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                // the selector was closed: the run is over
            }
        }
    }

    /** A connection (or, in connect mode, a slot that opens one connection after another) and its checks. */
    private abstract static class Connection {
        final int id;
        final InetSocketAddress server;
        final ByteStream stream;
        Loop loop;
        SocketChannel channel;
        SelectionKey key;
        long completedInWindow;
        boolean failed;
        boolean echoed;

        Connection(int id, InetSocketAddress server) {
            this.id = id;
            this.server = server;
            this.stream = ByteStream.forConnection(id);
        }

        /** Called on the loop's thread before its first select. */
        void start(Loop loop) {
            this.loop = loop;
            try {
                begin();
            } catch (IOException e) {
                fail(describe(e));
            }
        }

        abstract void begin() throws IOException;

        abstract void onReady(SelectionKey key) throws IOException;

        final void ready(SelectionKey key) {
            if (failed || !key.isValid()) {
                return;
            }
            try {
                onReady(key);
            } catch (IOException e) {
                fail(describe(e));
            }
        }

        /** Opens a connection and registers it; a plain blocking connect, since it happens once per run. */
        void openBlocking(int interest) throws IOException {
            channel = SocketChannel.open(server);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            key = channel.register(loop.selector, interest, this);
        }

        /** Names the connection in an error: "connection 3". */
        String label() {
            return "connection " + id;
        }

        /** Counts the first echo (or the failure) of this connection for {@link FirstEchoes}. */
        void arrived() {
            if (!echoed) {
                echoed = true;
                loop.firstEchoes.arrived();
            }
        }

        void fail(String what) {
            arrived();
            if (!failed && loop.phase.running()) {
                failed = true;
                loop.stats.failed(label() + ": " + what + " (after " + stream.received() + " bytes came back right)");
            }
            failed = true;
            close();
        }

        void close() {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // closing at the end of a run
            }
        }

        static String describe(IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /**
     * Sends a message, waits for all of its echo, checks it, records the round trip, sends the next.
     * While a large message is still being written it reads too: a server with backpressure stops
     * reading while its echo is not read, and a generator that only wrote would then wait forever.
     */
    private static final class PingPong extends Connection {
        private final int size;
        private final ByteBuffer in;
        private long messageEnd;
        private long sentAt;

        PingPong(int id, InetSocketAddress server, int size) {
            super(id, server);
            this.size = size;
            this.in = ByteBuffer.allocateDirect(Math.min(size, Pattern.LENGTH));
        }

        @Override
        void begin() throws IOException {
            openBlocking(SelectionKey.OP_READ);
            send();
        }

        private void send() throws IOException {
            sentAt = System.nanoTime();
            messageEnd = stream.sent() + size;
            writeRest();
        }

        private void writeRest() throws IOException {
            while (stream.sent() < messageEnd) {
                int written = channel.write(stream.next(messageEnd));
                if (written == 0) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE); // no room: wait for it, read meanwhile
                    return;
                }
                stream.wrote(written);
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        @Override
        void onReady(SelectionKey key) throws IOException {
            if (key.isReadable() && !read()) {
                return;
            }
            if (key.isWritable() && stream.sent() < messageEnd) {
                writeRest();
            }
        }

        /** Reads what has come back; false if the connection failed. */
        private boolean read() throws IOException {
            for (int i = 0; i < READS_PER_WAKEUP; i++) {
                in.clear();
                int count = channel.read(in);
                if (count < 0) {
                    fail("the server closed the connection");
                    return false;
                }
                if (count == 0) {
                    return true;
                }
                String wrong = stream.check(in.flip());
                if (wrong != null) {
                    fail(wrong);
                    return false;
                }
                if (stream.received() == messageEnd) {
                    arrived();
                    if (loop.phase.measuring()) {
                        loop.stats.completed(System.nanoTime() - sentAt);
                        completedInWindow++;
                    }
                    send();
                    return true; // the next echo cannot be here yet: no read that would find nothing
                }
                if (count < in.capacity()) {
                    return true;
                }
            }
            return true;
        }
    }

    /** Writes whenever the socket takes more and reads whenever something came back: the echo as a pipe. */
    private static final class Stream extends Connection {
        private final int size;
        private final ByteBuffer in = ByteBuffer.allocateDirect(Pattern.LENGTH);

        Stream(int id, InetSocketAddress server, int size) {
            super(id, server);
            this.size = size;
        }

        @Override
        void begin() throws IOException {
            openBlocking(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }

        @Override
        void onReady(SelectionKey key) throws IOException {
            if (key.isReadable()) {
                for (int i = 0; i < READS_PER_WAKEUP; i++) {
                    in.clear();
                    int count = channel.read(in);
                    if (count < 0) {
                        fail("the server closed the connection");
                        return;
                    }
                    if (count == 0) {
                        break;
                    }
                    String wrong = stream.check(in.flip());
                    if (wrong != null) {
                        fail(wrong);
                        return;
                    }
                    arrived();
                    if (loop.phase.measuring()) {
                        loop.stats.bytes += count;
                        completedInWindow += count;
                    }
                    if (count < in.capacity()) {
                        break;
                    }
                }
            }
            if (key.isWritable()) {
                for (int i = 0; i < READS_PER_WAKEUP; i++) {
                    int written = channel.write(stream.next(stream.sent() + size));
                    stream.wrote(written);
                    if (written < size) {
                        break; // the socket buffer is full
                    }
                }
            }
        }
    }

    /** Opens a connection, echoes one byte, closes it, and starts over: the cost of a connection to the server. */
    private static final class ConnectSlot extends Connection {
        private final ByteBuffer in = ByteBuffer.allocateDirect(1);
        private long openedAt;
        private long opened;

        ConnectSlot(int id, InetSocketAddress server) {
            super(id, server);
        }

        @Override
        String label() {
            return "slot " + id + ", its connection " + opened;
        }

        @Override
        void begin() throws IOException {
            open();
        }

        private void open() throws IOException {
            openedAt = System.nanoTime();
            opened++;
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(server)) {
                key = channel.register(loop.selector, SelectionKey.OP_READ, this);
                sendByte();
            } else {
                key = channel.register(loop.selector, SelectionKey.OP_CONNECT, this);
            }
        }

        private void sendByte() throws IOException {
            int written = channel.write(stream.next(stream.sent() + 1));
            if (written != 1) {
                throw new IOException("a fresh connection took no byte");
            }
            stream.wrote(1);
            key.interestOps(SelectionKey.OP_READ);
        }

        @Override
        void onReady(SelectionKey key) throws IOException {
            if (key.isConnectable()) {
                channel.finishConnect();
                sendByte();
                return;
            }
            in.clear();
            int count = channel.read(in);
            if (count < 0) {
                fail("the server closed the connection before the byte came back");
                return;
            }
            if (count == 0) {
                return;
            }
            String wrong = stream.check(in.flip());
            if (wrong != null) {
                fail(wrong);
                return;
            }
            channel.close();
            arrived();
            if (loop.phase.measuring()) {
                loop.stats.completed(System.nanoTime() - openedAt);
                completedInWindow++;
            }
            if (loop.phase.running()) {
                open();
            }
        }
    }
}
