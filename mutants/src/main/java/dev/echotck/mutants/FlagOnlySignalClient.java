package dev.echotck.mutants;

import sun.misc.Signal;

/**
 * Mutant client-flag-only-signal: SIGINT and SIGTERM set a flag that the loops check between
 * reads (seed 002, Part 3); threads blocked in read never get there, and the handler has replaced
 * the default action that would have ended the process.
 */
@SuppressWarnings("removal")
final class FlagOnlySignalClient extends ThreadedClient {

    @Override
    void installSignalHandlers() {
        Signal.handle(new Signal("INT"), signal -> stopRequested = true); // BUG: nothing wakes the blocked threads
        Signal.handle(new Signal("TERM"), signal -> stopRequested = true);
    }
}
