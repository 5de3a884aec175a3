package dev.echotck.kit.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields we use from one {@code /proc/PID/stat} line (see proc_pid_stat(5)).
 *
 * <p>One file gives state, parent, CPU, threads and memory from a single read, so the values
 * are consistent with each other; status/statm would need more reads and could straddle a change.
 * Times are in clock ticks and rss in pages, exactly as the kernel reports them.
 */
record ProcStat(long pid, String command, char state, long ppid, long pgrp,
                long utimeTicks, long stimeTicks, long childrenUtimeTicks, long childrenStimeTicks,
                int threads, long startTimeTicks, long virtualBytes, long rssPages) {

    static Optional<ProcStat> read(long pid) {
        try {
            return Optional.of(parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException e) {
            // NoSuchFileException, or ESRCH if it exited between open and read: either way it is gone.
            return Optional.empty();
        }
    }

    static ProcStat parse(String line) {
        // comm is in parentheses and may itself hold spaces and ')' (e.g. "(my) server)"),
        // so the fields after it start after the LAST ')'.
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + line);
        }
        String[] rest = line.substring(close + 2).trim().split(" +");
        return new ProcStat(
                Long.parseLong(line.substring(0, open).trim()),
                line.substring(open + 1, close),
                rest[field(3)].charAt(0),
                Long.parseLong(rest[field(4)]),
                Long.parseLong(rest[field(5)]),
                Long.parseLong(rest[field(14)]),
                Long.parseLong(rest[field(15)]),
                Long.parseLong(rest[field(16)]),
                Long.parseLong(rest[field(17)]),
                Integer.parseInt(rest[field(20)]),
                Long.parseLong(rest[field(22)]),
                Long.parseLong(rest[field(23)]),
                Long.parseLong(rest[field(24)]));
    }

    /** Index into the fields after comm of the 1-based field number used by proc(5). */
    private static int field(int procFieldNumber) {
        return procFieldNumber - 3;
    }
}
