package dev.echotck.reference;

import java.time.Duration;

/**
 * What an accept loop does after a failed accept. Out of file descriptors (EMFILE), the pending
 * connection stays in the backlog and the next accept fails at once again: retrying immediately
 * spins a core at 100% until an fd frees up. A short pause costs nothing when the failure was a
 * single aborted connection, and keeps an exhausted server idle instead of hot (rule ROB-5).
 */
final class AcceptBackoff {

    static final Duration PAUSE = Duration.ofMillis(50);

    private AcceptBackoff() {
    }

    static void pause() {
        try {
            Thread.sleep(PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
