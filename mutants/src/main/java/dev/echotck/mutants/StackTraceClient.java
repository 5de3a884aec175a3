package dev.echotck.mutants;

import java.io.IOException;

/** Mutant client-stack-trace: a refused connection escapes main as an exception. */
final class StackTraceClient extends ThreadedClient {

    @Override
    int connectFailed(String host, int port, IOException e) throws IOException {
        throw e; // BUG: the JVM prints a stack trace of a dozen lines for a one-line problem
    }
}
