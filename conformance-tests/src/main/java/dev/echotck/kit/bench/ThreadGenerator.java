package dev.echotck.kit.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A load generator with a platform thread per connection (two in stream mode: one writes, one
 * reads) and blocking channels: the simplest generator to write, kept to measure what it costs
 * on a small machine against {@link NioGenerator} ({@code --generator threads}). Each message
 * wakes a thread, and every wake-up is a context switch the server's threads compete with.
 */
final class ThreadGenerator implements Generator {

    /** A blocking pingpong writes its whole message before it reads: above this the buffers between could fill and both ends wait. */
    static final int MAX_PINGPONG_SIZE = 64 * 1024;

    @Override
    public String name() {
        return "threads";
    }

    @Override
    public LoadResult run(InetSocketAddress server, Load load, Window window) throws IOException, InterruptedException {
        if (load.mode() == BenchMode.PINGPONG && load.size() > MAX_PINGPONG_SIZE) {
            throw new IllegalArgumentException("--generator threads writes a whole message before it reads: "
                    + "messages up to " + Units.bytes(MAX_PINGPONG_SIZE) + " (use --generator nio)");
        }
        Phase phase = new Phase();
        FirstEchoes firstEchoes = new FirstEchoes(load.connections());
        Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int id = 0; id < load.connections(); id++) {
                Worker worker = new Worker(id, server, load, phase, firstEchoes, open);
                workers.add(worker);
                threads.add(Thread.ofPlatform().name("bench-thread-" + id).daemon().start(worker));
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
            closeAll(open); // wakes every thread blocked in a read or a write
            for (Thread thread : threads) {
                thread.join(5_000);
            }
            long[] live = workers.stream().filter(w -> !w.failed).mapToLong(w -> w.completedInWindow).toArray();
            return WorkerStats.sum(workers.stream().map(w -> w.stats).toList(), load.mode(), load.size(),
                    load.connections(), live, seconds, setupSeconds);
        } finally {
            phase.stop();
            closeAll(open);
        }
    }

    private static void closeAll(Set<SocketChannel> open) {
        for (SocketChannel channel : open) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing at the end of a run
            }
        }
    }

    /** One connection's thread (in stream mode, its reading thread; it starts the writing one). */
    private static final class Worker implements Runnable {
        final int id;
        final InetSocketAddress server;
        final Load load;
        final Phase phase;
        final FirstEchoes firstEchoes;
        final Set<SocketChannel> open;
        final WorkerStats stats = new WorkerStats();
        final ByteStream stream;
        volatile boolean failed;
        long completedInWindow;
        long opened;
        boolean echoed; // this thread's alone (in stream mode: the reader's)

        Worker(int id, InetSocketAddress server, Load load, Phase phase, FirstEchoes firstEchoes, Set<SocketChannel> open) {
            this.id = id;
            this.server = server;
            this.load = load;
            this.phase = phase;
            this.firstEchoes = firstEchoes;
            this.open = open;
            this.stream = ByteStream.forConnection(id);
        }

        @Override
        public void run() {
            try {
                switch (load.mode()) {
                    case PINGPONG -> pingPong();
                    case STREAM -> stream();
                    case CONNECT -> connect();
                }
            } catch (IOException e) {
                fail(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }

        private SocketChannel open() throws IOException {
            SocketChannel channel = SocketChannel.open();
            open.add(channel);
            if (!phase.running()) {
                channel.close(); // the run ended while this thread was starting
            }
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(server);
            return channel;
        }

        private void pingPong() throws IOException {
            SocketChannel channel = open();
            ByteBuffer in = ByteBuffer.allocateDirect(Math.min(load.size(), Pattern.LENGTH));
            while (phase.running()) {
                long sentAt = System.nanoTime();
                long messageEnd = stream.sent() + load.size();
                while (stream.sent() < messageEnd) {
                    stream.wrote(channel.write(stream.next(messageEnd)));
                }
                while (stream.received() < messageEnd) {
                    if (!readAndCheck(channel, in)) {
                        return;
                    }
                }
                arrived();
                if (phase.measuring()) {
                    stats.completed(System.nanoTime() - sentAt);
                    completedInWindow++;
                }
            }
        }

        private void stream() throws IOException {
            SocketChannel channel = open();
            Thread writer = Thread.ofPlatform().name("bench-thread-" + id + "-writer").daemon().start(() -> {
                try {
                    while (phase.running() && !failed) {
                        ByteBuffer chunk = stream.next(stream.sent() + load.size());
                        // Counted as sent before it is: its echo can be read before write() returns here.
                        // A blocking channel writes all of it or throws.
                        stream.wrote(chunk.remaining());
                        channel.write(chunk);
                    }
                } catch (IOException e) {
                    // the reader reports what went wrong, or the run is over
                }
            });
            ByteBuffer in = ByteBuffer.allocateDirect(Pattern.LENGTH);
            try {
                while (phase.running()) {
                    long before = stream.received();
                    if (!readAndCheck(channel, in)) {
                        return;
                    }
                    arrived();
                    if (phase.measuring()) {
                        long count = stream.received() - before;
                        stats.bytes += count;
                        completedInWindow += count;
                    }
                }
            } finally {
                channel.close();
                joinQuietly(writer);
            }
        }

        private void connect() throws IOException {
            ByteBuffer in = ByteBuffer.allocateDirect(1);
            while (phase.running()) {
                long openedAt = System.nanoTime();
                opened++;
                try (SocketChannel channel = open()) {
                    stream.wrote(channel.write(stream.next(stream.sent() + 1)));
                    if (!readAndCheck(channel, in)) {
                        return;
                    }
                    open.remove(channel);
                }
                arrived();
                if (phase.measuring()) {
                    stats.completed(System.nanoTime() - openedAt);
                    completedInWindow++;
                }
            }
        }

        /** Reads once and checks what came; false if the connection failed (closed, or wrong bytes). */
        private boolean readAndCheck(SocketChannel channel, ByteBuffer in) throws IOException {
            in.clear();
            if (channel.read(in) < 0) {
                fail("the server closed the connection");
                return false;
            }
            String wrong = stream.check(in.flip());
            if (wrong != null) {
                fail(wrong);
                return false;
            }
            return true;
        }

        private void arrived() {
            if (!echoed) {
                echoed = true;
                firstEchoes.arrived();
            }
        }

        private void fail(String what) {
            arrived();
            if (!failed && phase.running()) {
                stats.failed((load.mode() == BenchMode.CONNECT ? "slot " + id + ", its connection " + opened : "connection " + id)
                        + ": " + what + " (after " + stream.received() + " bytes came back right)");
            }
            failed = true;
        }

        private static void joinQuietly(Thread thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
