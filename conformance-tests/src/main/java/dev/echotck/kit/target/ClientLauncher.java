package dev.echotck.kit.target;

import java.net.InetSocketAddress;
import java.util.List;

import dev.echotck.mutants.Mutant;
import dev.echotck.mutants.Mutants;
import dev.echotck.reference.ServerMain;
import dev.echotck.reference.client.EchoClientMain;

/** The command line of a {@link ClientSpec}, pointed at one server: what {@link ClientUnderTest} starts. */
final class ClientLauncher {

    /** The reference clients by name: the Java one, and the correct builds of the C clients the C mutants come from. */
    static final List<String> REFERENCES = List.of("java", "c", "c-forked");

    private ClientLauncher() {
    }

    /** Checks what can be checked before anything starts, so a typo costs no wait. */
    static void validate(ClientSpec spec) {
        switch (spec) {
            case ClientSpec.Reference r when !REFERENCES.contains(r.name()) -> throw new BadTargetException(
                    "no reference client '" + r.name() + "' (known: " + String.join(", ", REFERENCES) + ")");
            case ClientSpec.Mutant m -> {
                Mutant mutant = Mutants.find(m.name()).orElseThrow(() -> new BadTargetException(
                        "no mutant '" + m.name() + "' (see: echotck mutants)"));
                if (!mutant.client()) {
                    throw new BadTargetException("'" + m.name() + "' is a server mutant: check it with echotck run --mutant "
                            + m.name());
                }
            }
            default -> {
            }
        }
    }

    static List<String> argv(ClientSpec spec, InetSocketAddress server) {
        String host = server.getAddress().getHostAddress();
        String port = Integer.toString(server.getPort());
        return switch (spec) {
            case ClientSpec.Exec exec -> CommandSplitter.argv(exec.commandTemplate()
                    .replace(ClientSpec.HOST_PLACEHOLDER, host).replace(ClientSpec.PORT_PLACEHOLDER, port));
            case ClientSpec.Reference r when r.name().equals("c") ->
                    List.of(NativeMutants.correctServer("threaded_client.c").toString(), host, port);
            case ClientSpec.Reference r when r.name().equals("c-forked") ->
                    List.of(NativeMutants.correctServer("forked_client.c").toString(), host, port);
            case ClientSpec.Reference r -> JavaServerCommand.of(EchoClientMain.class.getName(),
                    List.of(EchoClientMain.class, picocli.CommandLine.class), List.of(host, port));
            case ClientSpec.Mutant m -> {
                Mutant mutant = Mutants.find(m.name()).orElseThrow(() -> new BadTargetException("no mutant '" + m.name() + "'"));
                yield mutant.isNative()
                        ? List.of(NativeMutants.binary(mutant).toString(), host, port)
                        : JavaServerCommand.of(Mutants.CLIENT_MAIN_CLASS,
                                List.of(Mutants.class, ServerMain.class, picocli.CommandLine.class),
                                List.of(mutant.name(), host, port));
            }
        };
    }

    static String label(ClientSpec spec) {
        return switch (spec) {
            case ClientSpec.Reference r -> "client-reference-" + r.name();
            case ClientSpec.Mutant m -> "client-mutant-" + m.name();
            case ClientSpec.Exec e -> "client";
        };
    }
}
