package dev.echotck.kit.engine;

import java.time.Duration;

/**
 * The one time model of the kit. A check states either what <em>must happen within</em> a bound
 * (an echo, an EOF, an exit) or what <em>must not happen for</em> a span (a stray reply, an early
 * close). The two are separate methods so that a reader of a check, and of its evidence, knows
 * which one failed. Both are multiplied by {@code --timeout-scale}: a slower machine waits longer
 * for what must happen, and watches longer for what must not, which can only catch more.
 */
public record Timeouts(double scale) {

    /** Every rule ends within this, whatever the server does. */
    public static final Duration HARD_BOUND = Duration.ofSeconds(120);
    /** A launched server must accept connections within this. */
    public static final Duration STARTUP = Duration.ofSeconds(20);

    public Duration within(Duration bound) {
        return scaled(bound);
    }

    public Duration quietFor(Duration span) {
        return scaled(span);
    }

    public Duration hardBound() {
        return scaled(HARD_BOUND);
    }

    public Duration startup() {
        return scaled(STARTUP);
    }

    private Duration scaled(Duration base) {
        return Duration.ofNanos(Math.round(base.toNanos() * scale));
    }

    /** "5 s" or "5 s (2.0 x 2.5 s)": evidence says which bound, and how it was scaled. */
    public String describe(Duration base) {
        Duration scaled = scaled(base);
        return scale == 1.0 ? seconds(scaled) : seconds(scaled) + " (" + scale + " x " + seconds(base) + ")";
    }

    private static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s)) + " s";
    }
}
