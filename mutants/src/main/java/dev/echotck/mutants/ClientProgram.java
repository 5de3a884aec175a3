package dev.echotck.mutants;

/** A Java client mutant's program: connects to {@code host:port}, runs a session on stdin and stdout, and returns the exit status. */
@FunctionalInterface
public interface ClientProgram {
    int run(String host, int port) throws Exception;
}
