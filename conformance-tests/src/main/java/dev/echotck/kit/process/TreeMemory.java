package dev.echotck.kit.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The memory a process tree costs the machine, for the bench's "memory per connection".
 *
 * <p>Why PSS and not RSS: a forking server's children share most of their pages with each other
 * (a JVM's code and class archive, libc). RSS counts a shared page once in every process that
 * maps it, so 16 children of 39 MiB RSS look like 624 MiB; PSS divides each shared page among
 * the processes that share it, so the sum over the tree is what the tree really takes. Read from
 * {@code /proc/PID/smaps_rollup} (Linux 4.14); where that cannot be read, RSS stands in.
 */
public final class TreeMemory {

    private TreeMemory() {
    }

    /**
     * A process tree's memory and size at one moment, from one capture of the tree.
     *
     * @param pssBytes  sum of PSS (RSS where PSS cannot be read) over the tree
     * @param rssBytes  sum of RSS: shared pages counted once per process that maps them
     * @param processes processes in the tree, the root included
     * @param threads   OS threads in the tree
     */
    public record Footprint(long pssBytes, long rssBytes, int processes, int threads) {

        /** An empty tree: the root had exited. */
        public boolean isEmpty() {
            return processes == 0;
        }
    }

    /** Sum of PSS (or RSS where PSS cannot be read) over the process and its descendants, in bytes. */
    public static long proportionalBytes(long rootPid) {
        return footprint(rootPid).pssBytes();
    }

    /** PSS, RSS, processes and threads of the process and its descendants now. */
    public static Footprint footprint(long rootPid) {
        ProcessTree tree = ProcessTree.capture(rootPid);
        long pss = 0;
        for (ProcessSnapshot process : tree.processes()) {
            pss += pss(process.pid()).orElse(process.rssBytes());
        }
        return new Footprint(pss, tree.totalRssBytes(), tree.size(), tree.totalThreads());
    }

    private static OptionalLong pss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return OptionalLong.of(Long.parseLong(line.substring(4).trim().split(" +")[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not ours to read
        }
        return OptionalLong.empty();
    }
}
