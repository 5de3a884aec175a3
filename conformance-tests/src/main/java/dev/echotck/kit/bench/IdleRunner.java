package dev.echotck.kit.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.echotck.kit.target.LaunchOptions;
import dev.echotck.kit.target.LaunchedProcess;
import dev.echotck.kit.target.ServerPool;
import dev.echotck.kit.target.ServerUnderTest;
import dev.echotck.kit.target.TargetLauncher;
import dev.echotck.kit.target.TargetSpec;

/**
 * The idle mode: what a server's concurrency model costs per connection that is open and doing
 * nothing, the case most servers spend their connections in (a chat, a push channel, a pool's
 * spare connections). For each run: start the server afresh, let its memory settle, open the
 * connections (each echoes one line, so the server really holds it: its thread, child or
 * buffer exists), let memory settle again, read the tree again, echo once more on each to see
 * that none was dropped meanwhile, close, stop the server.
 *
 * <p>A fresh server per run, so that every run starts from the same state: a JVM that has held
 * 1000 connections keeps the heap it grew for them. Runs alternate between targets, as the load
 * modes do.
 */
public final class IdleRunner {

    /** Between two runs: lets the previous server's exit and closed connections finish. */
    private static final Duration SETTLE = Duration.ofMillis(300);

    /**
     * @param targets      the servers; each must be one the kit launches (its process tree is what is measured)
     * @param connections  idle connections per run
     * @param rounds       runs per target
     * @param startupBound how long a server may take to listen (as in {@code run})
     * @param logDir       where the servers' output goes
     */
    public record Request(List<BenchTarget> targets, int connections, int rounds, Duration startupBound, Path logDir) {
        public Request {
            targets = List.copyOf(targets);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("nothing to bench: give a target");
            }
            if (connections < 1) {
                throw new IllegalArgumentException("--connections must be at least 1, got " + connections);
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
            }
            for (BenchTarget target : targets) {
                if (target.spec() instanceof TargetSpec.Connect) {
                    throw new IllegalArgumentException("--mode idle measures the server's processes: it needs a server the kit "
                            + "starts, not " + target.label());
                }
            }
        }
    }

    /** Checks what can be checked before anything starts. */
    public static void validate(Request request) {
        for (BenchTarget target : request.targets()) {
            if (!target.isNative()) {
                TargetLauncher.validate(target.spec());
            }
        }
    }

    /** @throws dev.echotck.kit.target.TargetSetupException when a server cannot be started */
    public IdleReport run(Request request, Consumer<IdleMeasurement> progress) throws InterruptedException {
        validate(request);
        MachineInfo machine = MachineInfo.now();
        long began = System.nanoTime();
        Map<BenchTarget, ServerPool> pools = new LinkedHashMap<>();
        try {
            for (BenchTarget target : request.targets()) {
                pools.put(target, new ServerPool(target.launchSpec(), new TargetLauncher(request.startupBound(), request.logDir())));
            }
            Map<BenchTarget, List<IdleMeasurement>> byTarget = new LinkedHashMap<>();
            List<IdleMeasurement> all = new ArrayList<>();
            for (int round = 1; round <= request.rounds(); round++) {
                for (BenchTarget target : request.targets()) {
                    ServerPool pool = pools.get(target);
                    ServerUnderTest server = pool.fresh(LaunchOptions.BENCH);
                    IdleMeasurement measurement;
                    try {
                        measurement = measure(round, target, server, request.connections());
                    } finally {
                        pool.release(server);
                    }
                    byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(measurement);
                    all.add(measurement);
                    progress.accept(measurement);
                    Thread.sleep(SETTLE);
                }
            }
            return new IdleReport(request.connections(), request.rounds(), request.targets(), machine,
                    Duration.ofNanos(System.nanoTime() - began), all, byTarget.values().stream().map(IdleSummary::of).toList());
        } finally {
            pools.values().forEach(ServerPool::close);
        }
    }

    static IdleMeasurement measure(int round, BenchTarget target, ServerUnderTest server, int count) throws InterruptedException {
        LaunchedProcess process = server.process().orElseThrow();
        SettledMemory before = SettledMemory.of(process.pid());
        Optional<String> dead = server.deathNotice();
        if (dead.isPresent()) {
            return IdleMeasurement.failed(round, target.label(), count, dead.get());
        }
        long opening = System.nanoTime();
        try (IdleConnections connections = IdleConnections.open(server.address(), count, FirstEchoes.bound(count))) {
            double setupSeconds = (System.nanoTime() - opening) / 1e9;
            SettledMemory after = SettledMemory.of(process.pid());
            int lost = connections.recheck(FirstEchoes.bound(count));
            Optional<String> died = server.deathNotice();
            if (died.isPresent()) {
                return IdleMeasurement.failed(round, target.label(), count, "the server died during the run: " + died.get());
            }
            return new IdleMeasurement(round, target.label(), count, connections.count(IdleConnections.Outcome.SERVED),
                    connections.count(IdleConnections.Outcome.REFUSED), connections.count(IdleConnections.Outcome.CLOSED),
                    connections.count(IdleConnections.Outcome.SILENT), connections.count(IdleConnections.Outcome.WRONG),
                    lost, setupSeconds, before, after, connections.errors(5), null);
        }
    }
}
