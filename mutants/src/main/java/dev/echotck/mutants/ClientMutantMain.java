package dev.echotck.mutants;

/**
 * Starts a Java client mutant: {@code ClientMutantMain NAME HOST PORT}. What its program throws
 * escapes {@code main} on purpose, as it would in the student's program the mutant imitates: the
 * JVM prints the stack trace and exits with status 1.
 */
public final class ClientMutantMain {

    private ClientMutantMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ClientMutantMain NAME HOST PORT");
            System.exit(2);
        }
        Mutant mutant = Mutants.find(args[0]).filter(Mutant::client).filter(m -> m.program() != null)
                .orElseThrow(() -> new IllegalArgumentException("no Java client mutant '" + args[0] + "'"));
        System.exit(mutant.program().run(args[1], Integer.parseInt(args[2])));
    }
}
