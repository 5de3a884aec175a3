package dev.echotck.kit.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

        @Option(names = "--image", paramLabel = "IMAGE",
                description = "Run this container image (NAME[:TAG], from the local Docker) with host networking.")
        String image;

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

    @ArgGroup(exclusive = false, heading = "%nWith --image:%n")
    Container container;

    static final class Container {
        @Option(names = "--container-cmd", paramLabel = "ARGS",
                description = "Arguments after the image, as for docker run IMAGE ARGS; {port} is replaced by the port.")
        String command;

        @Option(names = "--container-env", paramLabel = "KEY=VALUE",
                description = "An environment variable of the container (repeatable); {port} is replaced by the port.")
        List<String> env = new ArrayList<>();

        @Option(names = "--container-port", paramLabel = "N",
                description = "The port the server listens on, when it cannot be told one through {port}.")
        int port;
    }

    @Mixin
    RunOptions options;

    /** The server the options name; {@code bench} takes the same options. */
    static TargetSpec targetSpec(Target target, Container container) {
        if (target.image != null) {
            Container given = container == null ? new Container() : container;
            return new TargetSpec.Image(target.image, given.command, given.env, given.port);
        }
        if (container != null) {
            throw new IllegalArgumentException("--container-cmd, --container-env and --container-port go with --image");
        }
        return target.spec();
    }

    @Override
    public Integer call() throws IOException {
        TargetSpec spec = targetSpec(target, container);
        return options.run(spec, spec instanceof TargetSpec.Connect ? Profile.NETWORK : Profile.FULL);
    }
}
