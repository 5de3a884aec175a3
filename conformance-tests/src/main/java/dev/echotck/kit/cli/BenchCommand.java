package dev.echotck.kit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.echotck.kit.bench.BenchConsole;
import dev.echotck.kit.bench.BenchHtml;
import dev.echotck.kit.bench.BenchJson;
import dev.echotck.kit.bench.BenchMode;
import dev.echotck.kit.bench.BenchReport;
import dev.echotck.kit.bench.BenchRunner;
import dev.echotck.kit.bench.BenchTarget;
import dev.echotck.kit.bench.IdleConsole;
import dev.echotck.kit.bench.IdleHtml;
import dev.echotck.kit.bench.IdleJson;
import dev.echotck.kit.bench.IdleReport;
import dev.echotck.kit.bench.IdleRunner;
import dev.echotck.kit.bench.Load;
import dev.echotck.kit.engine.Timeouts;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures a server under load: round trips per second and their latency (pingpong), echoed MB/s (stream), "
                + "or connections per second (connect). Every echoed byte is checked: a server that echoes wrong bytes is "
                + "reported wrong, not fast.",
                "--mode idle measures what an open, idle connection costs the server: memory (PSS of its process tree), "
                        + "OS threads and processes per connection, with --connections (default 1000) each served one line.",
                "Compare models with --compare: the same load on each target, runs alternating so that the machine's drift "
                        + "hits all alike, with ratios against the first."},
        footer = {"", "Examples:",
                "  echotck bench --reference selector",
                "  echotck bench --compare c-baseline,selector,virtual,blocking,async --mode stream",
                "  echotck bench --baseline --generator nio,c      (is the kit's generator the limit?)",
                "  echotck bench --compare blocking,virtual,selector --mode idle --connections 1000",
                "", "Exit status: 0 every run clean, 1 a server echoed wrong bytes, lost or starved connections, or died, "
                + "2 usage or setup error."})
public final class BenchCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nWhat to measure (one of):%n")
    Which which;

    static final class Which {
        @ArgGroup(exclusive = true, multiplicity = "1")
        RunCommand.Target server;

        @Option(names = "--baseline", description = "The C baseline: a small epoll echo server, the machine's limit.")
        boolean baseline;

        @Option(names = "--compare", paramLabel = "T1,T2,...",
                description = "Several targets, the first the reference for ratios: a C server of the kit (c-baseline, "
                        + "c-forked, c-threaded), a reference server's name (selector), or reference:NAME, mutant:NAME, "
                        + "exec:CMD {port}, connect:HOST:PORT, image:IMAGE?cmd=..")
        String compare;
    }

    @ArgGroup(exclusive = false, heading = "%nWith --image:%n")
    RunCommand.Container container;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "pingpong",
            description = "pingpong (default), stream, connect, or idle (memory, threads and processes per open idle connection).")
    String mode;

    @Option(names = "--connections", paramLabel = "N",
            description = "Connections at once (default: 16; with --mode idle, 1000).")
    Integer connections;

    @Option(names = "--size", paramLabel = "BYTES",
            description = "pingpong: message size (default 64); stream: write size (default 16384). K and M suffixes: 16K.")
    String size;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "5s",
            description = "The measured window per run (default: ${DEFAULT-VALUE}); 500ms, 3s, 1m.")
    String duration;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "2s",
            description = "Load before each measured window, not counted (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--rounds", paramLabel = "N",
            description = "Runs per target (default: 3 with --compare, else 1); the report gives medians.")
    Integer rounds;

    @Option(names = "--generator", paramLabel = "NAME[,NAME]", defaultValue = "nio",
            description = "The load generator: nio (default; a selector per core), threads (a thread per connection), "
                    + "c (the C generator; pingpong and stream). Several run in turn, like targets.")
    String generator;

    @Option(names = "--report", paramLabel = "DIR", description = "Write bench.json and bench.html into DIR.")
    Path reportDir;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (mode.strip().equalsIgnoreCase(BenchMode.IDLE)) {
            return idle();
        }
        BenchMode benchMode = BenchMode.byLabel(mode);
        List<BenchTarget> targets = targets();
        int runs = rounds != null ? rounds : targets.size() > 1 ? 3 : 1;
        Load load = new Load(benchMode, connections != null ? connections : 16, size(benchMode), duration("--warmup", warmup), duration("--duration", duration));
        List<String> generators = Arrays.stream(generator.split(",")).map(String::strip).filter(g -> !g.isEmpty()).toList();
        Path logDir = Path.of(System.getProperty("java.io.tmpdir"), "echotck-bench-" + ProcessHandle.current().pid());
        BenchRunner.Request request = new BenchRunner.Request(targets, generators, load, runs, new Timeouts(1.0).startup(), logDir);
        BenchRunner.validate(request);
        if (reportDir != null) {
            Files.createDirectories(reportDir);
        }
        BenchConsole console = new BenchConsole(System.out, request);
        console.header();
        BenchReport report = new BenchRunner().run(request, console::progress);
        console.summary(report);
        if (reportDir != null) {
            BenchJson.write(report, reportDir.resolve("bench.json"));
            BenchHtml.write(report, commandLine(), reportDir.resolve("bench.html"));
            System.out.println("reports: " + reportDir.resolve("bench.json") + ", " + reportDir.resolve("bench.html"));
        }
        return report.exitCode();
    }

    /** --mode idle: no load, no generator; a fresh server per run, measured before and after its connections. */
    private int idle() throws IOException, InterruptedException {
        if (size != null) {
            throw new IllegalArgumentException("--size does not go with --mode idle: each connection echoes one short line");
        }
        if (!generator.equals("nio")) {
            throw new IllegalArgumentException("--generator does not go with --mode idle: it generates no load");
        }
        List<BenchTarget> targets = targets();
        int runs = rounds != null ? rounds : targets.size() > 1 ? 3 : 1;
        Path logDir = Path.of(System.getProperty("java.io.tmpdir"), "echotck-bench-" + ProcessHandle.current().pid());
        IdleRunner.Request request = new IdleRunner.Request(targets, connections != null ? connections : 1000, runs,
                new Timeouts(1.0).startup(), logDir);
        IdleRunner.validate(request);
        if (reportDir != null) {
            Files.createDirectories(reportDir);
        }
        IdleConsole console = new IdleConsole(System.out, request);
        console.header();
        IdleReport report = new IdleRunner().run(request, console::progress);
        console.summary(report);
        if (reportDir != null) {
            IdleJson.write(report, reportDir.resolve("bench.json"));
            IdleHtml.write(report, commandLine(), reportDir.resolve("bench.html"));
            System.out.println("reports: " + reportDir.resolve("bench.json") + ", " + reportDir.resolve("bench.html"));
        }
        return report.exitCode();
    }

    private List<BenchTarget> targets() {
        if (which.compare != null) {
            if (container != null) {
                throw new IllegalArgumentException("with --compare, give an image as image:IMAGE?cmd=..&env=..&port=..");
            }
            return BenchTarget.parseList(which.compare);
        }
        if (which.baseline) {
            if (container != null) {
                throw new IllegalArgumentException("--container-cmd, --container-env and --container-port go with --image");
            }
            return List.of(BenchTarget.baseline());
        }
        return List.of(BenchTarget.of(RunCommand.targetSpec(which.server, container)));
    }

    private int size(BenchMode benchMode) {
        if (size == null) {
            return switch (benchMode) {
                case PINGPONG -> 64;
                case STREAM -> 16 * 1024;
                case CONNECT -> 1;
            };
        }
        Matcher m = Pattern.compile("(\\d+)([kKmM]?)").matcher(size.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--size takes a number of bytes, e.g. 64, 16K or 1M; got '" + size + "'");
        }
        long bytes = Long.parseLong(m.group(1)) * switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 1024L;
            case "M" -> 1024L * 1024;
            default -> 1L;
        };
        if (bytes < 1 || bytes > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("--size must be between 1 byte and 64M, got '" + size + "'");
        }
        return (int) bytes;
    }

    /** "5s", "500ms", "1.5s", "1m", or a plain number of seconds. */
    static Duration duration(String option, String text) {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?").matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " takes a time such as 500ms, 3s or 1m; got '" + text + "'");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> value;
            case "m" -> value * 60_000;
            default -> value * 1_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /** This command as typed, quoted for a shell, for the report's "reproduce" line. */
    private String commandLine() {
        List<String> words = new ArrayList<>(List.of("echotck"));
        List<String> args = spec.commandLine().getParseResult().originalArgs(); // from the top: "bench" included
        if (args.isEmpty() || !args.getFirst().equals("bench")) {
            words.add("bench");
        }
        for (String arg : args) {
            words.add(arg.matches("[A-Za-z0-9_./:=,@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return String.join(" ", words);
    }
}
