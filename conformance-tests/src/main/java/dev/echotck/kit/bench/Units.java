package dev.echotck.kit.bench;

import java.time.Duration;
import java.util.Locale;

/** Numbers as people read them: "64 B", "16 KiB", "1.5 s", "85,210". */
final class Units {

    private Units() {
    }

    static String bytes(long n) {
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return (n >> 20) + " MiB";
        }
        if (n >= 1024 && n % 1024 == 0) {
            return (n >> 10) + " KiB";
        }
        return n + " B";
    }

    static String mebibytes(long n) {
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }

    static String kibibytes(long n) {
        return n < 10 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0) : String.format(Locale.ROOT, "%,d KiB", n / 1024);
    }

    /** Bytes that may be a fraction or below zero (a median per connection): "-0.3 KiB", "4.1 KiB", "146 KiB", "17.5 MiB". */
    static String kibibytes(double n) {
        double kib = n / 1024;
        if (Math.abs(kib) >= 10 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", kib / 1024);
        }
        return String.format(Locale.ROOT, Math.abs(kib) < 10 ? "%.1f KiB" : "%,.0f KiB", kib);
    }

    static String seconds(Duration d) {
        double s = d.toNanos() / 1e9;
        return s == Math.rint(s) ? (long) s + " s" : String.format(Locale.ROOT, "%.2f s", s).replaceAll("0+ s$", " s");
    }

    /** Throughput: thousands separated, one decimal below 100 (MB/s on a slow server, conns/s of a forking one). */
    static String rate(double value) {
        return value < 100 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%,.0f", value);
    }

    /** A latency in nanoseconds, printed in microseconds. */
    static String micros(long nanos) {
        double us = nanos / 1e3;
        return us < 10 ? String.format(Locale.ROOT, "%.1f", us) : String.format(Locale.ROOT, "%,.0f", us);
    }

    /** Two decimals, or two significant digits for a ratio below 0.1 (a forking server's connections per second). */
    static String ratio(double r) {
        return r >= 0.1 || r == 0 ? String.format(Locale.ROOT, "%.2fx", r)
                : new java.math.BigDecimal(r).round(new java.math.MathContext(2)).toPlainString() + "x";
    }

    static String cores(double c) {
        return String.format(Locale.ROOT, "%.2f", c);
    }
}
