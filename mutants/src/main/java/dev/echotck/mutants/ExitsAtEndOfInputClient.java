package dev.echotck.mutants;

import java.net.Socket;

/** Mutant client-exits-at-eof: at the end of input it closes the socket and exits; the replies still coming are lost. */
final class ExitsAtEndOfInputClient extends ThreadedClient {

    @Override
    int afterEndOfInput(Socket socket, Thread output) throws Exception {
        socket.close(); // BUG: should wait for the output thread to print the replies still coming
        return 0;
    }
}
