package dev.echotck.kit.process;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one process looked like at one moment, read from /proc.
 *
 * @param pid                   process id
 * @param ppid                  parent's pid; 1 (or a subreaper) once its parent died
 * @param pgrp                  process group, the target of {@link Signals#sendToGroup}
 * @param command               the kernel's comm: the executable's name, cut to 15 characters
 * @param state                 R running, S sleeping, D disk wait, Z zombie, T stopped, ...
 * @param threads               live threads (1 for a zombie)
 * @param rssBytes              resident memory; 0 for a zombie
 * @param virtualBytes          virtual address-space size; 0 for a zombie
 * @param cpuTime               user + system CPU of all its threads, living and dead
 * @param reapedChildrenCpuTime CPU of children it waited for; lets a sampler count children that
 *                              exited between two samples
 * @param fdsReadable           false if /proc/PID/fd could not be read (another user's process,
 *                              or it exited mid-read); then {@code openFds} is empty but not zero
 * @param openFds               its descriptors, sorted by number
 */
public record ProcessSnapshot(long pid, long ppid, long pgrp, String command, char state, int threads,
                              long rssBytes, long virtualBytes, Duration cpuTime, Duration reapedChildrenCpuTime,
                              boolean fdsReadable, List<OpenFd> openFds) {

    public ProcessSnapshot {
        openFds = List.copyOf(openFds);
    }

    /** Reads {@code pid} now; empty if there is no such process. */
    public static Optional<ProcessSnapshot> take(long pid) {
        return ProcStat.read(pid).map(ProcessSnapshot::from);
    }

    static ProcessSnapshot from(ProcStat stat) {
        // Read the fd table after stat: if the process exits in between we still report it (as it
        // was when stat was read), only with fdsReadable = false.
        Optional<List<OpenFd>> fds = OpenFd.list(stat.pid());
        long pageSize = Libc.pageSize();
        return new ProcessSnapshot(stat.pid(), stat.ppid(), stat.pgrp(), stat.command(), stat.state(),
                stat.threads(), stat.rssPages() * pageSize, stat.virtualBytes(),
                ticks(stat.utimeTicks() + stat.stimeTicks()),
                ticks(stat.childrenUtimeTicks() + stat.childrenStimeTicks()),
                fds.isPresent(), fds.orElse(List.of()));
    }

    public boolean isZombie() {
        return state == 'Z';
    }

    /** Number of open descriptors; 0 also when {@link #fdsReadable()} is false. */
    public int openFdCount() {
        return openFds.size();
    }

    public List<OpenFd> socketFds() {
        return openFds.stream().filter(OpenFd::isSocket).toList();
    }

    /** One line for evidence, e.g. "pid 812 (java) S, 23 threads, 14 fds (3 sockets), rss 41 MiB, cpu 0.52s". */
    public String summary() {
        return "pid %d (%s) %c, %d threads, %s fds (%d sockets), rss %d MiB, cpu %.2fs".formatted(
                pid, command, state, threads, fdsReadable ? Integer.toString(openFdCount()) : "?",
                socketFds().size(), rssBytes / (1024 * 1024), cpuTime.toNanos() / 1e9);
    }

    private static Duration ticks(long ticks) {
        long perSecond = Libc.clockTicksPerSecond();
        return Duration.ofSeconds(ticks / perSecond, (ticks % perSecond) * 1_000_000_000L / perSecond);
    }
}
