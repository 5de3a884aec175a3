package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Linux's socket buffer limits, which bound how much echo can wait in the kernels between a server
 * and a client that does not read (ROB-2).
 */
final class KernelBuffers {

    /** Used when /proc/sys cannot be read: twice Linux's default tcp_wmem maximum. */
    static final long FALLBACK = 8L << 20;

    private KernelBuffers() {
    }

    /**
     * The largest send buffer a server's socket can have: tcp_wmem's maximum, which autotuning
     * grows to, or twice wmem_max, what SO_SNDBUF can set (the kernel doubles the value asked for).
     */
    static long largestSendBuffer() {
        long autotuned = field("/proc/sys/net/ipv4/tcp_wmem", 2);
        long explicit = field("/proc/sys/net/core/wmem_max", 0);
        if (autotuned <= 0 && explicit <= 0) {
            return FALLBACK;
        }
        return Math.max(autotuned, 2 * explicit);
    }

    /**
     * How far autotuning may grow a send buffer: tcp_wmem's maximum. A socket whose SO_SNDBUF was
     * set does not grow, so this bounds the growth of every socket (ROB-2's half-closing client).
     */
    static long autotunedSendBufferMax() {
        long autotuned = field("/proc/sys/net/ipv4/tcp_wmem", 2);
        return autotuned > 0 ? autotuned : FALLBACK;
    }

    private static long field(String file, int index) {
        try {
            // Not Files.readString: it sizes its read by the file's size, which /proc reports wrongly.
            String[] values = String.join(" ", Files.readAllLines(Path.of(file))).strip().split("\\s+");
            return Long.parseLong(values[index]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
