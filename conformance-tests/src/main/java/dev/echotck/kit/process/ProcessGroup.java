package dev.echotck.kit.process;

import java.util.List;

/**
 * The processes of one process group, read from /proc. The kit starts every client as the leader
 * of its own group, so after the client has exited its group holds exactly what it left behind: a
 * forked child still running, say, with the client's connection open.
 */
public final class ProcessGroup {

    private ProcessGroup() {
    }

    /** Every process still in group {@code pgid}, zombies included, as they are now. */
    public static List<ProcessSnapshot> members(long pgid) {
        return ProcScan.all().stream().filter(stat -> stat.pgrp() == pgid).map(ProcessSnapshot::from).toList();
    }

    /** The group of {@code pid}, or -1 if it is gone. */
    public static long of(long pid) {
        return ProcStat.read(pid).map(ProcStat::pgrp).orElse(-1L);
    }
}
