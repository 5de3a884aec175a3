package dev.echotck.kit.rules;

import java.time.Duration;
import java.util.OptionalInt;

import dev.echotck.kit.target.LaunchedProcess;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * Waits until a server has dealt with connections its clients dropped (reset, or closed with echo
 * unread): its socket count, summed over its process tree, is back to what it was before those
 * clients connected, or the server died.
 *
 * <p>Why wait at all: a server that dies of a dropped client dies a little later (a JVM's
 * {@code System.exit} takes tens of milliseconds). Checking "still serving" at once could pass a
 * server that is about to die, and let the next rule take the blame. Waiting for the sockets to
 * close makes the order certain: a correct server closes them, a dying one dies first.
 */
final class DroppedConnections {

    /** How long a server may take to close the connections its clients dropped. */
    static final Duration SETTLE = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 10;

    private DroppedConnections() {
    }

    /** The server's open sockets now, or empty when the kit did not launch it (--connect) or it is gone. */
    static OptionalInt sockets(ServerUnderTest server) {
        return server.process().filter(LaunchedProcess::isAlive)
                .map(p -> OptionalInt.of(p.tree().totalSocketFds()))
                .orElse(OptionalInt.empty());
    }

    /**
     * Polls until the socket count is at most {@code baseline}, the process is gone, or {@code within}
     * passed; returns a line of evidence. Without a baseline (--connect) it returns at once.
     */
    static String awaitClosed(ServerUnderTest server, OptionalInt baseline, Duration within) {
        if (baseline.isEmpty() || server.process().isEmpty()) {
            return "the kit cannot see the server's sockets (it did not launch it), so it went on at once";
        }
        LaunchedProcess process = server.process().get();
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        int peak = baseline.getAsInt();
        while (true) {
            SurvivalCheck.awaitReapIfExited(server); // an exited server's sockets are gone: do not read that as closed
            if (!process.isAlive()) {
                return "the server process ended " + millisSince(start) + " ms after the clients left";
            }
            int now = process.tree().totalSocketFds();
            peak = Math.max(peak, now);
            if (now <= baseline.getAsInt()) {
                return "the server closed those connections within " + millisSince(start) + " ms (sockets: "
                        + peak + " at most, " + now + " now, " + baseline.getAsInt() + " before)";
            }
            if (System.nanoTime() > deadline) {
                return "the server still had " + now + " sockets after " + millisSince(start) + " ms ("
                        + baseline.getAsInt() + " before the clients connected); the check went on without waiting longer";
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for the server to close the connections";
            }
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
