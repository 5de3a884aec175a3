package dev.echotck.mutants;

import java.net.Socket;

/** Mutant client-unbounded-drain: after the end of input it waits for the server's close with no bound. */
final class UnboundedDrainClient extends ThreadedClient {

    @Override
    int afterEndOfInput(Socket socket, Thread output) throws Exception {
        output.join(); // BUG: a server that never replies nor closes holds the client forever
        return 0;
    }
}
