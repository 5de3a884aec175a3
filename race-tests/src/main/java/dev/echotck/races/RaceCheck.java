package dev.echotck.races;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.ReportUtils;
import org.openjdk.jcstress.infra.grading.TestGrading;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * The race probes as a check: runs every probe once, in jcstress's quick mode, and judges each
 * variant from jcstress's own result file: a broken variant must show its race, a fixed one
 * never. Exit status 0 when every variant did as expected, 1 when one did not, 2 when jcstress
 * could not run.
 *
 * <pre>
 * java -cp race-tests/target/jcstress.jar dev.echotck.races.RaceCheck [--json] [--only REGEX] [--work DIR]
 * </pre>
 *
 * <p>The verdict is read from the result blob jcstress writes ({@code jcstress-results-*.bin.gz},
 * its machine-readable form: the HTML report and the console are rendered from it) with
 * jcstress's own reader and grading, so "interesting" and "forbidden" mean what the probes'
 * {@code @Outcome} annotations say. jcstress's exit status alone would not do: a broken variant
 * that shows its race is, to jcstress, a pass with an interesting result.
 *
 * <p>Run settings ({@link #jcstressOptions}): quick mode (5 iterations of 200 ms per variant), one
 * JVM configuration instead of jcstress's usual dozen (no split compilation, no C2 stress flags):
 * every broken variant shows its race under it, on every run, in about a minute on two busy cores.
 * Most of that minute is the two Termination probes' broken variants: a STALE actor is given up
 * only after jcstress's fixed 30 s.
 */
public final class RaceCheck {

    /** How long jcstress may take before the check gives up on it. */
    static final Duration HARD_LIMIT = Duration.ofMinutes(10);

    private RaceCheck() {
    }

    /** jcstress's options for the check: quick, one JVM configuration, at most two CPUs. */
    static List<String> jcstressOptions(String testFilter) {
        int cpus = Math.min(2, Runtime.getRuntime().availableProcessors());
        return List.of("-m", "quick", "-sc", "false", "-jvmArgs", "--enable-native-access=ALL-UNNAMED",
                "-c", Integer.toString(cpus), "-t", testFilter, "-r", "results");
    }

    /**
     * Runs the probes matching {@code testFilter} (a regexp on the test names) with the jcstress
     * jar, in {@code workDir}, which afterwards holds {@code jcstress.log}, the result blob and the
     * HTML report ({@code results/index.html}). Returns a verdict per variant.
     */
    public static List<Verdict> run(Path jcstressJar, Path workDir, String testFilter) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        try (Stream<Path> old = Files.list(workDir)) {
            for (Path blob : old.filter(RaceCheck::isResultBlob).toList()) {
                Files.delete(blob);
            }
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jcstressJar.toAbsolutePath().toString()));
        command.addAll(jcstressOptions(testFilter));
        Path log = workDir.resolve("jcstress.log");
        Process jcstress = new ProcessBuilder(command)
                .directory(workDir.toFile()) // the blob goes to the working directory
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Thread cleanUp = new Thread(() -> destroyWithForks(jcstress)); // SIGTERM or Ctrl-C: no jcstress fork outlives us
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try {
            if (!jcstress.waitFor(HARD_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("jcstress did not finish within " + HARD_LIMIT.toMinutes() + " min; see " + log);
            }
        } finally {
            destroyWithForks(jcstress);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
        Path blob = newestResultBlob(workDir).orElseThrow(() -> new IOException(
                "jcstress wrote no results (exit status " + jcstress.exitValue() + "); see " + log));
        return verdicts(blob, testFilter);
    }

    /** Judges every probe variant matching the filter from a jcstress result blob. */
    public static List<Verdict> verdicts(Path resultBlob, String testFilter) throws IOException {
        Map<String, TestResult> byName = new TreeMap<>();
        for (TestResult result : ReportUtils.mergedByName(read(resultBlob))) {
            byName.put(result.getName(), result);
        }
        Pattern filter = Pattern.compile(testFilter);
        List<Verdict> verdicts = new ArrayList<>();
        for (String name : TestList.tests().stream().sorted().toList()) {
            if (filter.matcher(name).find()) {
                verdicts.add(judge(name, byName.get(name)));
            }
        }
        return verdicts;
    }

    private static Verdict judge(String name, TestResult result) {
        String[] parts = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1).split("\\.");
        String probe = parts[0];
        String test = parts.length > 1 ? parts[1] : parts[0];
        String variant = test.startsWith("Broken") ? "broken" : test.startsWith("Fixed") ? "fixed" : "unnamed";
        if (variant.equals("unnamed")) {
            return new Verdict(probe, test, "broken", Verdict.Outcome.ERROR,
                    "a probe variant's class must be named Broken... or Fixed...");
        }
        if (result == null) {
            return new Verdict(probe, test, variant, Verdict.Outcome.ERROR, "missing from jcstress's results");
        }
        if (result.status() != Status.NORMAL) {
            String why = result.getMessages().stream().filter(m -> !ReportUtils.skipMessage(m)).limit(3)
                    .collect(Collectors.joining("; "));
            return new Verdict(probe, test, variant, Verdict.Outcome.ERROR, "jcstress status " + result.status() + ": " + why);
        }
        TestGrading grading = result.grading();
        List<String> seen = new ArrayList<>();
        boolean race = false;
        for (GradingResult outcome : grading.gradingResults.values()) {
            if (outcome.count == 0) {
                continue;
            }
            boolean bad = outcome.expect != Expect.ACCEPTABLE;
            race |= bad;
            seen.add(String.format("[%s] %,d%s", outcome.id, outcome.count, bad ? " (" + outcome.expect + ")" : ""));
        }
        if (seen.isEmpty()) {
            return new Verdict(probe, test, variant, Verdict.Outcome.ERROR, "no samples");
        }
        return new Verdict(probe, test, variant, race ? Verdict.Outcome.RACE_SEEN : Verdict.Outcome.CLEAN,
                String.join(", ", seen));
    }

    private static List<TestResult> read(Path resultBlob) throws IOException {
        InProcessCollector collected = new InProcessCollector();
        DiskReadCollector reader = new DiskReadCollector(resultBlob.toString(), collected);
        try {
            reader.dump();
        } catch (ClassNotFoundException e) {
            throw new IOException("cannot read " + resultBlob, e);
        } finally {
            reader.close();
        }
        return new ArrayList<>(collected.getTestResults());
    }

    private static void destroyWithForks(Process jcstress) {
        jcstress.descendants().forEach(ProcessHandle::destroyForcibly);
        jcstress.destroyForcibly();
    }

    private static boolean isResultBlob(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith("jcstress-results-") && name.endsWith(".bin.gz");
    }

    private static java.util.Optional<Path> newestResultBlob(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(RaceCheck::isResultBlob).max(Comparator.comparing(p -> p.toFile().lastModified()));
        }
    }

    /** The jar this class was loaded from: the jcstress jar, when run as documented. */
    static Path ownJar() {
        try {
            return Path.of(RaceCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(List<Verdict> verdicts) {
        return verdicts.stream()
                .map(v -> "  {\"probe\": \"" + v.probe() + "\", \"test\": \"" + v.test() + "\", \"variant\": \""
                        + v.variant() + "\", \"outcome\": \"" + v.outcome() + "\"}")
                .collect(Collectors.joining(",\n", "[\n", "\n]"));
    }

    static void printTable(List<Verdict> verdicts, PrintStream out) {
        for (Verdict v : verdicts) {
            out.printf("  %-4s %-32s %-6s %-26s %-9s  %s%n", v.asExpected() ? "OK" : "FAIL", v.probe(), v.variant(),
                    v.test(), v.outcome(), v.evidence());
            if (!v.asExpected()) {
                out.printf("       expected %s: %s%n", v.expected(), v.isBroken()
                        ? "the broken variant did not show its race; the probe no longer demonstrates the bug"
                        : "the fixed variant showed the race: the reference servers' code it calls is broken");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        boolean json = false;
        String only = "dev\\.echotck\\.races\\.Topic_";
        Path work = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--only" -> only = args[++i];
                case "--work" -> work = Path.of(args[++i]);
                default -> {
                    System.err.println("races: unknown option " + args[i]
                            + "; usage: RaceCheck [--json] [--only REGEX] [--work DIR]");
                    System.exit(2);
                }
            }
        }
        Path jar = ownJar();
        if (work == null) {
            work = jar.resolveSibling("races");
        }
        if (!json) {
            System.out.println("races: running the race probes with jcstress (about a minute); log and HTML report in " + work);
        }
        List<Verdict> verdicts;
        long start = System.nanoTime();
        try {
            verdicts = run(jar, work, only);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("races: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (verdicts.isEmpty()) {
            System.err.println("races: no probe matches " + only);
            System.exit(2);
        }
        long failed = verdicts.stream().filter(v -> !v.asExpected()).count();
        if (json) {
            System.out.println(json(verdicts));
        } else {
            printTable(verdicts, System.out);
            System.out.printf("races: %.0f s; a broken variant must show its race (RACE_SEEN), a fixed one never (CLEAN)%n",
                    (System.nanoTime() - start) / 1e9);
            System.out.printf("%d passed, %d failed%n", verdicts.size() - failed, failed);
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
