package dev.echotck.mutants;

import java.io.IOException;
import java.net.ServerSocket;

import dev.echotck.reference.BlockingEchoServer;
import dev.echotck.reference.ServerOptions;

/**
 * Mutant no-reuseaddr: the listening socket does not set SO_REUSEADDR. Java sets it by default on
 * Linux, so the bug has to be explicit here; in C it is the default, and forgetting the
 * setsockopt is the classic cause of "bind: Address already in use" when a server is restarted
 * after a stop that closed live connections (they wait in TIME_WAIT for 60 s).
 */
final class NoReuseAddressServer extends BlockingEchoServer {

    NoReuseAddressServer(ServerOptions options) {
        super(options);
    }

    @Override
    protected ServerSocket newListener() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(false); // BUG: a restart cannot bind while the closed connections wait in TIME_WAIT
        return socket;
    }
}
