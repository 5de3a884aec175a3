package dev.echotck.kit.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the load generator does with each connection, and what it counts. */
public enum BenchMode {

    /** Send a message, wait for all of its echo, send the next: round trips per second and their latency. */
    PINGPONG("msgs/s", true),
    /** Write and read at the same time, as fast as both ends allow: echoed bytes per second. */
    STREAM("MB/s", false),
    /** Open a connection, echo one byte, close it, open the next: connections per second and how long each took. */
    CONNECT("conns/s", true);

    private final String unit;
    private final boolean measuresLatency;

    BenchMode(String unit, boolean measuresLatency) {
        this.unit = unit;
        this.measuresLatency = measuresLatency;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The unit of {@link #throughput}. */
    public String unit() {
        return unit;
    }

    public boolean measuresLatency() {
        return measuresLatency;
    }

    /** The headline number of a run in this mode: operations per second, or echoed MB (10^6 bytes) per second. */
    public double throughput(long ops, long bytes, double seconds) {
        if (seconds <= 0) {
            return 0;
        }
        return this == STREAM ? bytes / 1e6 / seconds : ops / seconds;
    }

    /**
     * The mode that puts no load: connections opened and left idle, to measure what each costs
     * the server ({@link IdleRunner}). Not a constant of this enum: nothing is generated.
     */
    public static final String IDLE = "idle";

    public static BenchMode byLabel(String label) {
        return Arrays.stream(values()).filter(m -> m.label().equals(label.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no bench mode '" + label + "' (known: "
                        + Arrays.stream(values()).map(BenchMode::label).collect(Collectors.joining(", ")) + ", " + IDLE + ")"));
    }
}
