package dev.echotck.kit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

import dev.echotck.kit.engine.KitRunner;
import dev.echotck.kit.engine.RuleSelection;
import dev.echotck.kit.engine.RunResult;
import dev.echotck.kit.report.ConsoleReport;
import dev.echotck.kit.report.HtmlReport;
import dev.echotck.kit.report.JsonReport;
import dev.echotck.kit.report.JunitXmlReport;
import dev.echotck.kit.report.StabilityReport;
import dev.echotck.kit.target.RunTarget;
import dev.echotck.spec.Profile;

/**
 * What {@code run} and {@code run-client} share: the options that select rules and shape the run,
 * and the run itself (progress, summary, reports, exit status). The two commands differ only in
 * what they test: a server, or a client.
 */
final class RunOptions {

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Families to run. run: core, shutdown, hygiene, robustness, network or full (the default; "
                    + "network for --connect). run-client: client (the default).")
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

    @Option(names = "--report", paramLabel = "DIR",
            description = "Write report.html (open it in a browser), report.json and junit.xml into DIR.")
    Path reportDir;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Run N times with the same seed and report each rule's verdict stability (default: 1).")
    int repeat;

    /** Runs the selected rules against {@code target}; the exit status. */
    int run(RunTarget target, Profile defaultProfile) throws IOException {
        if (!(timeoutScale > 0) || Double.isInfinite(timeoutScale)) {
            throw new IllegalArgumentException("--timeout-scale must be a positive number, got " + timeoutScale);
        }
        Profile chosen = profile == null ? defaultProfile : Profile.byName(profile).orElseThrow(() ->
                new IllegalArgumentException("no profile '" + profile + "' (known: " + Profile.names() + ")"));
        if (chosen.checksClients() != defaultProfile.checksClients()) {
            throw new IllegalArgumentException("the profile '" + chosen.label() + "' checks "
                    + (chosen.checksClients() ? "a client: use echotck run-client" : "a server: use echotck run"));
        }
        RuleSelection selection = RuleSelection.of(chosen, only, exclude);
        if (reportDir != null) {
            Files.createDirectories(reportDir);
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1, got " + repeat);
        }
        KitRunner.validate(target);
        long runSeed = seed != null ? seed : new java.security.SecureRandom().nextLong() & Long.MAX_VALUE;
        ConsoleReport console = new ConsoleReport(System.out);
        StabilityReport stability = new StabilityReport();
        RunResult result = null;
        int worst = RunResult.OK;
        for (int i = 1; i <= repeat; i++) {
            console.header(target.describe() + (repeat > 1 ? " [run " + i + " of " + repeat + "]" : ""), runSeed, timeoutScale);
            result = new KitRunner().run(new KitRunner.Request(target, selection, runSeed, timeoutScale, strict), console);
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
            HtmlReport.write(result, reportDir.resolve("report.html"));
            System.out.println("reports: " + reportDir.resolve("report.html") + ", " + reportDir.resolve("report.json") + ", "
                    + reportDir.resolve("junit.xml"));
        }
        if (result.setupError().isPresent()) {
            System.err.println("echotck: the " + result.subject() + " could not be started: " + result.setupError().get());
        }
        return worst;
    }
}
