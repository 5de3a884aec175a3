package dev.echotck.kit.process;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A process and all its descendants at one moment, zombies included, read from /proc.
 *
 * <p>Why not {@link ProcessHandle#descendants()}: it cannot tell a zombie (exited, not yet waited
 * for) from a live process: on JDK 25 it lists one with {@code isAlive() == true} and no state, and
 * zombies are exactly what some rules look for. /proc gives state Z until the parent reaps it,
 * plus the fds, threads, memory and CPU the other rules need.
 *
 * <p>A descendant whose parent exits is re-parented to init (or a subreaper) and drops out of
 * the tree; a daemonising server therefore needs its real pid as root.
 *
 * @param rootPid   the pid asked for
 * @param processes the root first (if it still exists), then descendants breadth-first
 */
public record ProcessTree(long rootPid, List<ProcessSnapshot> processes) {

    public ProcessTree {
        processes = List.copyOf(processes);
    }

    public static ProcessTree capture(long rootPid) {
        return capture(rootPid, ProcScan.all());
    }

    /** The zombies whose parent is {@code parentPid}: children it has not waited for. */
    public static List<ProcessSnapshot> zombieChildrenOf(long parentPid) {
        return ProcScan.all().stream()
                .filter(stat -> stat.ppid() == parentPid && stat.state() == 'Z')
                .map(ProcessSnapshot::from)
                .toList();
    }

    static ProcessTree capture(long rootPid, List<ProcStat> everyProcess) {
        return new ProcessTree(rootPid, statsOf(rootPid, everyProcess).stream().map(ProcessSnapshot::from).toList());
    }

    /** The stat lines of {@code rootPid} and its descendants, root first, breadth-first. */
    static List<ProcStat> statsOf(long rootPid, List<ProcStat> everyProcess) {
        Map<Long, List<ProcStat>> childrenByParent = new HashMap<>();
        ProcStat root = null;
        for (ProcStat stat : everyProcess) {
            childrenByParent.computeIfAbsent(stat.ppid(), parent -> new ArrayList<>()).add(stat);
            if (stat.pid() == rootPid) {
                root = stat;
            }
        }
        List<ProcStat> found = new ArrayList<>();
        if (root != null) {
            // The scan is not atomic, so a reused pid could in theory make a cycle: visit each pid once.
            Set<Long> visited = new HashSet<>();
            Deque<ProcStat> queue = new ArrayDeque<>(List.of(root));
            while (!queue.isEmpty()) {
                ProcStat next = queue.removeFirst();
                if (visited.add(next.pid())) {
                    found.add(next);
                    queue.addAll(childrenByParent.getOrDefault(next.pid(), List.of()));
                }
            }
        }
        return found;
    }

    /** Empty if the root had exited (and been reaped) before the capture. */
    public Optional<ProcessSnapshot> root() {
        return find(rootPid);
    }

    public List<ProcessSnapshot> descendants() {
        return processes.stream().filter(p -> p.pid() != rootPid).toList();
    }

    public List<ProcessSnapshot> childrenOf(long pid) {
        return processes.stream().filter(p -> p.ppid() == pid).toList();
    }

    public List<ProcessSnapshot> zombies() {
        return processes.stream().filter(ProcessSnapshot::isZombie).toList();
    }

    public Optional<ProcessSnapshot> find(long pid) {
        return processes.stream().filter(p -> p.pid() == pid).findFirst();
    }

    public List<Long> pids() {
        return processes.stream().map(ProcessSnapshot::pid).toList();
    }

    public int size() {
        return processes.size();
    }

    /** User + system CPU of the processes now in the tree (not of children already reaped). */
    public Duration totalCpuTime() {
        return processes.stream().map(ProcessSnapshot::cpuTime).reduce(Duration.ZERO, Duration::plus);
    }

    public int totalThreads() {
        return processes.stream().mapToInt(ProcessSnapshot::threads).sum();
    }

    /** Counts only processes whose fd table could be read. */
    public int totalOpenFds() {
        return processes.stream().mapToInt(ProcessSnapshot::openFdCount).sum();
    }

    public int totalSocketFds() {
        return processes.stream().mapToInt(p -> p.socketFds().size()).sum();
    }

    /** Sum of RSS; pages shared between processes (after fork) are counted once per process. */
    public long totalRssBytes() {
        return processes.stream().mapToLong(ProcessSnapshot::rssBytes).sum();
    }
}
