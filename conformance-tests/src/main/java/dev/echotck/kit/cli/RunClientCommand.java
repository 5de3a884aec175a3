package dev.echotck.kit.cli;

import java.io.IOException;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.echotck.kit.target.ClientSpec;
import dev.echotck.spec.Profile;

@Command(name = "run-client", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the CLIENT rules against an interactive echo client and prints a verdict per rule.",
                "For each check the kit starts a server of its own on loopback (one that echoes, or one that "
                        + "misbehaves on purpose), starts the client against it with a pipe as stdin, types into it "
                        + "and checks its output, exit status and timing."},
        footer = {"", "Exit status: 0 every counted rule passed, 1 a rule failed, 2 usage or setup error."})
public final class RunClientCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nClient under test (one of):%n")
    Client client;

    static final class Client {
        @Option(names = "--exec", paramLabel = "CMD",
                description = "Start this command for each check; {host} and {port} are replaced by the kit's server's address.")
        String exec;

        @Option(names = "--reference", paramLabel = "NAME",
                description = "One of the kit's reference clients: java (echotck client), c (mutants/c/threaded_client.c), "
                        + "c-forked (mutants/c/forked_client.c).")
        String reference;

        @Option(names = "--mutant", paramLabel = "NAME", description = "One of the kit's client mutants (see: echotck mutants).")
        String mutant;

        ClientSpec spec() {
            if (exec != null) {
                return new ClientSpec.Exec(exec);
            }
            if (reference != null) {
                return new ClientSpec.Reference(reference);
            }
            return new ClientSpec.Mutant(mutant);
        }
    }

    @Mixin
    RunOptions options;

    @Override
    public Integer call() throws IOException {
        return options.run(client.spec(), Profile.CLIENT);
    }
}
