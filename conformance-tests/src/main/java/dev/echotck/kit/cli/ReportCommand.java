package dev.echotck.kit.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code echotck report}: works with the report files that {@code run --report DIR} wrote. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Works with the reports of earlier runs (run --report DIR).",
        subcommands = {ReportMergeCommand.class})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "which report command? (merge)");
    }
}
