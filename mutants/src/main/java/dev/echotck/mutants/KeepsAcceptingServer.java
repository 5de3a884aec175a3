package dev.echotck.mutants;

import java.time.Duration;

import dev.echotck.reference.BlockingEchoServer;
import dev.echotck.reference.ServerOptions;

/**
 * Mutant keeps-accepting: the listening socket is closed only when the drain period is over, as
 * if it were closed last, with everything else. During the drain new clients are still accepted,
 * and then cut off a moment later, instead of being refused and retrying elsewhere.
 */
final class KeepsAcceptingServer extends BlockingEchoServer {

    private final Duration drain;

    KeepsAcceptingServer(ServerOptions options) {
        super(options);
        this.drain = options.gracePeriod();
    }

    @Override
    protected void stopAccepting() {
        Thread.ofPlatform().name("close-listener-later").start(() -> {
            try {
                Thread.sleep(drain); // BUG: the listener must be closed first, at once
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.stopAccepting();
        });
    }
}
