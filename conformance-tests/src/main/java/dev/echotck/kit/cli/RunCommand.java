package dev.echotck.kit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.echotck.kit.engine.KitRunner;
import dev.echotck.kit.engine.RuleSelection;
import dev.echotck.kit.engine.RunResult;
import dev.echotck.kit.report.ConsoleReport;
import dev.echotck.kit.report.JsonReport;
import dev.echotck.kit.report.JunitXmlReport;
import dev.echotck.kit.report.StabilityReport;
import dev.echotck.kit.target.TargetSpec;
import dev.echotck.spec.Profile;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the rules against a server and prints a verdict per rule.",
        footer = {"", "Exit status: 0 every counted rule passed, 1 a rule failed, 2 usage or setup error."})
public final class RunCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nServer under test (one of):%n")
    Target target;

    static final class Target {
        @Option(names = "--exec", paramLabel = "CMD",
                description = "Start this command; {port} is replaced by a free loopback port.")
        String exec;

        @Option(names = "--connect", paramLabel = "HOST:PORT",
                description = "Test a server that is already running on loopback (network rules only).")
        String connect;

        @Option(names = "--reference", paramLabel = "NAME", description = "Start one of the kit's reference servers.")
        String reference;

        @Option(names = "--mutant", paramLabel = "NAME", description = "Start one of the kit's mutants (see: echotck mutants).")
        String mutant;

        TargetSpec spec() {
            if (exec != null) {
                return new TargetSpec.Exec(exec);
            }
            if (connect != null) {
                return TargetSpec.connect(connect);
            }
            if (reference != null) {
                return new TargetSpec.Reference(reference);
            }
            return new TargetSpec.Mutant(mutant);
        }
    }

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Families to run: ${COMPLETION-CANDIDATES}. Default: full, or network for --connect.")
    String profile;

    @Option(names = "--only", paramLabel = "IDS", description = "Only these rules or families, e.g. ECHO-5,CONC.")
    String only;

    @Option(names = "--exclude", paramLabel = "IDS", description = "Leave out these rules or families.")
    String exclude;

    @Option(names = "--strict", description = "SHOULD rules count for the exit status too.")
    boolean strict;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the randomized checks (default: random, printed).")
    Long seed;

    @Option(names = "--timeout-scale", paramLabel = "X", defaultValue = "1.0",
            description = "Multiply every time bound by X (default: ${DEFAULT-VALUE}); use 2 or 3 on a slow machine.")
    double timeoutScale;

    @Option(names = "--report", paramLabel = "DIR", description = "Write report.json and junit.xml into DIR.")
    Path reportDir;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Run N times with the same seed and report each rule's verdict stability (default: 1).")
    int repeat;

    @Override
    public Integer call() throws IOException {
        TargetSpec spec = target.spec();
        if (!(timeoutScale > 0) || Double.isInfinite(timeoutScale)) {
            throw new IllegalArgumentException("--timeout-scale must be a positive number, got " + timeoutScale);
        }
        Profile chosen = profile == null
                ? (spec instanceof TargetSpec.Connect ? Profile.NETWORK : Profile.FULL)
                : Profile.byName(profile).orElseThrow(() -> new IllegalArgumentException(
                        "no profile '" + profile + "' (known: " + Profile.names() + ")"));
        RuleSelection selection = RuleSelection.of(chosen, only, exclude);
        if (reportDir != null) {
            Files.createDirectories(reportDir);
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1, got " + repeat);
        }
        long runSeed = seed != null ? seed : new java.security.SecureRandom().nextLong() & Long.MAX_VALUE;
        ConsoleReport console = new ConsoleReport(System.out);
        StabilityReport stability = new StabilityReport();
        RunResult result = null;
        int worst = RunResult.OK;
        for (int i = 1; i <= repeat; i++) {
            console.header(spec.describe() + (repeat > 1 ? " [run " + i + " of " + repeat + "]" : ""), runSeed, timeoutScale);
            result = new KitRunner().run(new KitRunner.Request(spec, selection, runSeed, timeoutScale, strict), console);
            console.summary(result);
            stability.add(result);
            worst = Math.max(worst, result.exitCode());
            if (result.setupError().isPresent()) {
                break;
            }
        }
        if (repeat > 1) {
            stability.print(System.out);
        }
        if (reportDir != null) {
            JsonReport.write(result, reportDir.resolve("report.json"));
            JunitXmlReport.write(result, reportDir.resolve("junit.xml"));
            System.out.println("reports: " + reportDir.resolve("report.json") + ", " + reportDir.resolve("junit.xml"));
        }
        if (result.setupError().isPresent()) {
            System.err.println("echotck: the server could not be started: " + result.setupError().get());
        }
        return worst;
    }
}
