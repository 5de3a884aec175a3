package dev.echotck.mutants;

import java.io.IOException;

import dev.echotck.reference.BlockingEchoServer;
import dev.echotck.reference.ServerOptions;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Mutant ignores-sigint: a correct server whose stop is wired to SIGTERM only, while SIGINT is
 * ignored, as in a daemon template, or as a shell leaves it for a program started in the
 * background. Ctrl-C does nothing; the user reaches for kill -9 and the clients lose their echo.
 */
@SuppressWarnings("removal")
final class IgnoresSigintServer extends BlockingEchoServer {

    IgnoresSigintServer(ServerOptions options) {
        super(options);
    }

    @Override
    public void bind() throws IOException {
        super.bind();
        Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN); // BUG: SIGINT must stop the server like SIGTERM
    }
}
