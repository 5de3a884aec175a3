package dev.echotck.kit.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.echotck.kit.process.Signals;
import dev.echotck.kit.target.LocalProcess;
import dev.echotck.kit.target.NativeMutants;
import dev.echotck.kit.target.ProcessLauncher;

/**
 * The C load generator ({@code bench_load.c}), built with gcc on first use like the C mutants and
 * started like every process of the kit (it cannot outlive the kit). The yardstick for the kit's
 * own generator: against the C baseline server, what the C generator reaches is the most this
 * machine can do with that server.
 */
final class NativeGenerator implements Generator {

    static final String SOURCE = "/dev/echotck/kit/bench/bench_load.c";
    private static final Duration POLL = Duration.ofMillis(5);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final Path logDir;

    NativeGenerator(Path logDir) {
        this.logDir = logDir;
    }

    @Override
    public String name() {
        return "c";
    }

    @Override
    public LoadResult run(InetSocketAddress server, Load load, Window window) throws IOException, InterruptedException {
        if (load.mode() == BenchMode.CONNECT) {
            throw new IllegalArgumentException("the C generator does pingpong and stream; use --generator nio for connect");
        }
        Path binary = NativeMutants.program(SOURCE);
        List<String> argv = List.of(binary.toString(), server.getAddress().getHostAddress(), Integer.toString(server.getPort()),
                load.mode().label(), Integer.toString(load.connections()), Integer.toString(load.size()),
                Long.toString(load.warmup().toMillis()), Long.toString(load.duration().toMillis()),
                Integer.toString(Runtime.getRuntime().availableProcessors()),
                Long.toString(FirstEchoes.bound(load.connections()).toMillis()));
        try (LocalProcess process = ProcessLauncher.launch(argv, logDir, "bench-load")) {
            long deadline = System.nanoTime() + FirstEchoes.bound(load.connections()).plus(load.warmup()).plus(load.duration())
                    .plus(GRACE).toNanos();
            awaitLine(process, "measuring", deadline);
            window.opened(process.pid());
            awaitLine(process, "done", deadline);
            window.closed();
            process.signal(Signals.SIGUSR1); // sampled: it may close its connections and report
            if (process.awaitExit(GRACE).isEmpty() || process.exitValue().orElse(-1) != 0) {
                throw new IOException("the C generator " + process.describeExit() + ": " + output(process));
            }
            return parse(process.stdoutTail(50), load);
        }
    }

    private static void awaitLine(LocalProcess process, String line, long deadline) throws IOException, InterruptedException {
        while (!process.stdoutTail(50).lines().anyMatch(line::equals)) {
            if (!process.isAlive() && !process.stdoutTail(50).lines().anyMatch(line::equals)) {
                throw new IOException("the C generator " + process.describeExit() + ": " + output(process));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the C generator did not say '" + line + "' in time: " + output(process));
            }
            Thread.sleep(POLL);
        }
    }

    private static String output(LocalProcess process) {
        return (process.stdoutTail(5) + " " + process.stderrTail(5)).replace('\n', ' ').strip();
    }

    /** Reads the "result key=value ..." line and the "error ..." lines. */
    static LoadResult parse(String output, Load load) throws IOException {
        Map<String, Long> values = new HashMap<>();
        List<String> errors = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith("result ")) {
                for (String pair : line.substring(7).trim().split(" +")) {
                    int equals = pair.indexOf('=');
                    values.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
                }
            } else if (line.startsWith("error ")) {
                errors.add(line.substring(6));
            }
        }
        if (!values.containsKey("ops")) {
            throw new IOException("the C generator printed no result: " + output.replace('\n', ' ').strip());
        }
        long ops = values.get("ops");
        Latency latency = load.mode().measuresLatency() && ops > 0
                ? new Latency(values.get("p50_ns"), values.get("p90_ns"), values.get("p99_ns"), values.get("p999_ns"),
                        values.get("p9999_ns"), values.get("max_ns"))
                : null;
        int connections = values.get("connections").intValue();
        int failed = values.get("failed").intValue();
        long total = load.mode() == BenchMode.STREAM ? values.get("bytes") : ops;
        double mean = connections > failed ? (double) total / (connections - failed) : 0;
        double slowestShare = connections == failed ? Double.NaN : mean == 0 ? 0 : values.get("min_conn") / mean;
        return new LoadResult(ops, values.get("bytes"), values.get("window_ns") / 1e9, latency, connections, failed,
                values.get("stalled").intValue(), slowestShare, errors,
                values.getOrDefault("setup_complete", 0L) == 1 ? values.get("setup_ns") / 1e9 : Double.NaN);
    }
}
