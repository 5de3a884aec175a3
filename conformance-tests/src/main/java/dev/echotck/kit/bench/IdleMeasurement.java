package dev.echotck.kit.bench;

import java.util.ArrayList;
import java.util.List;

import dev.echotck.kit.process.TreeMemory.Footprint;

/**
 * One idle run of one target: the server tree before and after {@code connections} connections
 * were opened, each served one line and left idle.
 *
 * @param round       1, 2, ...
 * @param target      the target's label
 * @param connections connections asked for
 * @param served      connections whose line came back
 * @param refused     connect failed
 * @param closed      closed or reset by the server before their echo: turned away
 * @param silent      no echo within the bound
 * @param wrong       other bytes came back
 * @param lostIdle    of the served, those that failed a second echo after the "after" reading: dropped while idle
 * @param setupSeconds from the first connect until the last connection was served (or gave up)
 * @param before      the tree once settled, before any connection; null if the run failed before
 * @param after       the tree once settled with every connection open; null if the run failed before
 * @param errors      the first few connections' problems, in words
 * @param error       why the run failed as a whole (the server died); null if it ran
 */
public record IdleMeasurement(int round, String target, int connections, int served, int refused, int closed, int silent,
                              int wrong, int lostIdle, double setupSeconds, SettledMemory before, SettledMemory after,
                              List<String> errors, String error) {

    public IdleMeasurement {
        errors = List.copyOf(errors);
    }

    static IdleMeasurement failed(int round, String target, int connections, String error) {
        return new IdleMeasurement(round, target, connections, 0, 0, 0, 0, 0, 0, Double.NaN, null, null, List.of(), error);
    }

    /** Connections the server did not serve: refused, closed before their echo, or silent. */
    public int turnedAway() {
        return refused + closed + silent;
    }

    /** Every connection was served, with the right bytes, and still was at the end: only then is a per-connection figure true. */
    public boolean clean() {
        return error == null && served == connections && lostIdle == 0 && before != null && after != null;
    }

    /**
     * PSS growth per connection in bytes; NaN unless {@link #clean()}: a figure over connections
     * that were turned away would be wrong. Slightly negative when a connection costs less than
     * the noise of the tree's memory (a garbage collection between the readings).
     */
    public double pssPerConnection() {
        return clean() ? (after.footprint().pssBytes() - before.footprint().pssBytes()) / (double) connections : Double.NaN;
    }

    /** The same from RSS: higher than PSS where processes share pages (forked children). */
    public double rssPerConnection() {
        return clean() ? (after.footprint().rssBytes() - before.footprint().rssBytes()) / (double) connections : Double.NaN;
    }

    /** OS threads the tree gained per connection: about 1 for a thread per client, about 0 for an event loop; NaN unless clean. */
    public double threadsPerConnection() {
        return clean() ? (after.footprint().threads() - before.footprint().threads()) / (double) connections : Double.NaN;
    }

    /** Processes the tree gained per connection: 1 for a process per client. */
    public double processesPerConnection() {
        return clean() ? (after.footprint().processes() - before.footprint().processes()) / (double) connections : Double.NaN;
    }

    /** What went wrong, in a few lines; empty for a clean run. */
    public List<String> problems() {
        if (error != null) {
            return List.of(error);
        }
        List<String> lines = new ArrayList<>();
        if (turnedAway() > 0) {
            lines.add(turnedAway() + " of " + connections + " connections were turned away (" + refused + " refused, " + closed
                    + " closed or reset before their echo, " + silent + " got no echo): no per-connection figure, it would "
                    + "divide by connections the server does not hold");
        }
        if (wrong > 0) {
            lines.add(wrong + " of " + connections + " connections got wrong bytes back");
        }
        if (lostIdle > 0) {
            lines.add(lostIdle + " of " + served + " served connections failed a second echo after sitting idle "
                    + "(an idle timeout, or dropped)");
        }
        if (!lines.isEmpty()) {
            lines.addAll(errors);
        }
        return lines;
    }
}
