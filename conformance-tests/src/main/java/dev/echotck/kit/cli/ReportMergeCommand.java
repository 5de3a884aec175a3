package dev.echotck.kit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.echotck.kit.report.MatrixReport;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "One page with the verdicts of several runs side by side (rules x runs); each cell links to "
                + "that run's report.html.",
        footer = {"", "Example: echotck report merge reports/* --out matrix.html"})
public final class ReportMergeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", arity = "1..*",
            description = "Report folders written by run --report DIR (or report.json files).")
    List<Path> dirs;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "matrix.html",
            description = "The page to write (default: ${DEFAULT-VALUE}); its links to the runs are relative to it.")
    Path out;

    @Override
    public Integer call() throws IOException {
        int runs = MatrixReport.write(dirs, out);
        System.out.println("matrix of " + runs + " runs: " + out);
        return 0;
    }
}
