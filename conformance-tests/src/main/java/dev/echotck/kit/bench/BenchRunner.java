package dev.echotck.kit.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.echotck.kit.process.TreeMemory;
import dev.echotck.kit.target.LaunchOptions;
import dev.echotck.kit.target.LaunchedProcess;
import dev.echotck.kit.target.ServerPool;
import dev.echotck.kit.target.ServerUnderTest;
import dev.echotck.kit.target.TargetLauncher;

/**
 * Runs a bench: starts every target once, the way {@code run} starts them (through
 * {@link ServerPool} and {@link TargetLauncher}, Java servers with {@link LaunchOptions#BENCH}),
 * then runs the same load against each target with each generator, round after round. Within a
 * round the runs follow each other (A B C, A B C, ...), so that whatever the machine does over
 * time (another user's build, thermal throttling) falls on every target alike; ratios are taken
 * between runs of the same round.
 */
public final class BenchRunner {

    /** Between two runs: lets the previous run's connections close (a forking server's children exit) before the next warmup. */
    private static final Duration SETTLE = Duration.ofMillis(300);

    /**
     * @param targets      the servers, the first one the reference for ratios
     * @param generators   generator names ({@link Generator#NAMES}), each run against every target
     * @param rounds       how many times each target-and-generator runs
     * @param startupBound how long a server may take to listen (as in {@code run})
     * @param logDir       where the servers' and the C generator's output goes
     */
    public record Request(List<BenchTarget> targets, List<String> generators, Load load, int rounds,
                          Duration startupBound, Path logDir) {
        public Request {
            targets = List.copyOf(targets);
            generators = List.copyOf(generators);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("nothing to bench: give a target");
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
            }
            for (String generator : generators) {
                if (!Generator.NAMES.contains(generator)) {
                    throw new IllegalArgumentException("no generator '" + generator + "' (known: " + String.join(", ", Generator.NAMES) + ")");
                }
                if (generator.equals("c") && load.mode() == BenchMode.CONNECT) {
                    throw new IllegalArgumentException("the C generator does pingpong and stream; use --generator nio for connect");
                }
                if (generator.equals("threads") && load.mode() == BenchMode.PINGPONG
                        && load.size() > ThreadGenerator.MAX_PINGPONG_SIZE) {
                    throw new IllegalArgumentException("--generator threads writes a whole message before it reads: "
                            + "messages up to " + Units.bytes(ThreadGenerator.MAX_PINGPONG_SIZE) + " (use --generator nio)");
                }
            }
        }
    }

    /** Checks what can be checked before anything starts: a typo in the fourth target costs no startup of the first three. */
    public static void validate(Request request) {
        for (BenchTarget target : request.targets()) {
            if (!target.isNative()) {
                TargetLauncher.validate(target.spec());
            }
        }
    }

    /**
     * Runs the bench; {@code progress} hears of each run as it ends.
     *
     * @throws dev.echotck.kit.target.TargetSetupException when a server cannot be started (nothing is measured then)
     */
    public BenchReport run(Request request, Consumer<Measurement> progress) throws InterruptedException {
        validate(request);
        MachineInfo machine = MachineInfo.now();
        long began = System.nanoTime();
        Map<BenchTarget, ServerPool> pools = new LinkedHashMap<>();
        try {
            Map<BenchTarget, ServerUnderTest> servers = new LinkedHashMap<>();
            for (BenchTarget target : request.targets()) {
                ServerPool pool = new ServerPool(target.launchSpec(), new TargetLauncher(request.startupBound(), request.logDir()));
                pools.put(target, pool);
                servers.put(target, pool.canLaunch() ? pool.fresh(LaunchOptions.BENCH) : pool.shared());
            }
            Map<String, List<Measurement>> byContestant = new LinkedHashMap<>();
            List<Measurement> all = new ArrayList<>();
            Map<BenchTarget, String> deaths = new LinkedHashMap<>();
            for (int round = 1; round <= request.rounds(); round++) {
                for (BenchTarget target : request.targets()) {
                    for (String generatorName : request.generators()) {
                        Measurement measurement = deaths.containsKey(target)
                                ? Measurement.failed(round, target.label(), generatorName, deaths.get(target))
                                : measure(round, target, servers.get(target), generatorName, request);
                        if (!deaths.containsKey(target)) {
                            servers.get(target).deathNotice().ifPresent(notice -> deaths.put(target, notice));
                        }
                        byContestant.computeIfAbsent(target.label() + "\u0000" + generatorName, k -> new ArrayList<>()).add(measurement);
                        all.add(measurement);
                        progress.accept(measurement);
                        Thread.sleep(SETTLE);
                    }
                }
            }
            return new BenchReport(request.load(), request.rounds(), request.targets(), request.generators(), machine,
                    Duration.ofNanos(System.nanoTime() - began), all,
                    Summary.of(new ArrayList<>(byContestant.values()), request.load().mode()));
        } finally {
            pools.values().forEach(ServerPool::close);
        }
    }

    private static Measurement measure(int round, BenchTarget target, ServerUnderTest server, String generatorName, Request request)
            throws InterruptedException {
        Optional<String> dead = server.deathNotice();
        if (dead.isPresent()) {
            return Measurement.failed(round, target.label(), generatorName, dead.get());
        }
        Optional<LaunchedProcess> process = server.process();
        long idleBytes = process.map(p -> TreeMemory.proportionalBytes(p.pid())).orElse(-1L);
        RunWindow window = new RunWindow(process);
        try {
            LoadResult result = Generator.byName(generatorName, request.logDir()).run(server.address(), request.load(), window);
            Optional<String> died = server.deathNotice();
            if (died.isPresent()) {
                return Measurement.failed(round, target.label(), generatorName, "the server died during the run: " + died.get());
            }
            return new Measurement(round, target.label(), generatorName, result, null, window.serverCores, window.generatorCores,
                    window.machineCores, idleBytes, window.loadedBytes, window.serverProcesses, window.serverThreads);
        } catch (IOException e) {
            String why = server.deathNotice().map(n -> "the server died: " + n).orElse(e.getMessage());
            return Measurement.failed(round, target.label(), generatorName, why);
        }
    }
}
