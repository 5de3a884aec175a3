package dev.echotck.kit.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code echotck}: the command line. Exit status 0 when the rules pass, 1 when a counted rule
 * fails, 2 for bad usage or a server that cannot be set up; errors are one line, never a stack
 * trace.
 */
@Command(name = "echotck", mixinStandardHelpOptions = true, version = "echotck 0.1.0",
        description = "A conformance kit for concurrent TCP echo servers.",
        subcommands = {RunCommand.class, RunClientCommand.class, BenchCommand.class, RulesCommand.class,
                ExplainCommand.class, ServeCommand.class, ClientCommand.class, MutantsCommand.class, RacesCommand.class,
                ReportCommand.class, CommandLine.HelpCommand.class})
public final class EchoTck {

    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new EchoTck());
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("echotck: " + e.getMessage());
            err.println("Try: echotck " + String.join(" ", e.getCommandLine().getCommandSpec().qualifiedName(" ")
                    .replaceFirst("^echotck ?", "")) + " --help");
            err.flush();
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("echotck: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            cmd.getErr().flush();
            return USAGE;
        });
        return cli.execute(args);
    }
}
