package dev.echotck.kit.cli;

import java.io.IOException;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Mixin
    RunOptions options;

    @Override
    public Integer call() throws IOException {
        TargetSpec spec = target.spec();
        return options.run(spec, spec instanceof TargetSpec.Connect ? Profile.NETWORK : Profile.FULL);
    }
}
