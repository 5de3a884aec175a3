package dev.echotck.kit.rules;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.echotck.kit.engine.EchoTckExtension;
import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleOrder;
import dev.echotck.kit.engine.RuleTest;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.process.OpenFd;
import dev.echotck.kit.process.ProcessSnapshot;
import dev.echotck.kit.process.ProcessTree;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * The HYG family: process hygiene. One method per rule; the rule's text, its rationale and its "if this
 * fails" hints are in spec/rules/HYG.md. Outside ECHO, payloads are newline-terminated ASCII.
 *
 * <p>Every check needs the server's process (SKIP for --connect) and measures against a baseline it
 * takes itself, so the checks can share the run's server: what earlier rules left behind is part of
 * the baseline, and only what this check's clients leave behind counts.
 */
@ExtendWith(EchoTckExtension.class)
@TestMethodOrder(RuleOrder.class)
@DisplayName("HYG: process hygiene")
public class HygieneRules {

    /** Open descriptors of every live process of the tree (a zombie has none). */
    static final BaselineReturn.Measure FDS = new BaselineReturn.Measure("open file descriptors", 1,
            ProcessTree::totalOpenFds);
    /** Threads besides each process's main thread: a per-client process that stays is HYG-6's finding. */
    static final BaselineReturn.Measure THREADS = new BaselineReturn.Measure("threads", 1,
            tree -> tree.processes().stream().filter(p -> !p.isZombie()).mapToInt(p -> p.threads() - 1).sum());
    /** Descendant processes still running; a zombie has exited (whether it was reaped is HYG-1's finding). */
    static final BaselineReturn.Measure CHILDREN = new BaselineReturn.Measure("running child processes", 0,
            tree -> (int) tree.descendants().stream().filter(p -> !p.isZombie()).count());

    @RuleTest("HYG-1")
    @DisplayName("HYG-1 no zombie children remain after clients disconnect")
    void noZombieChildrenRemain(ServerUnderTest server, RuleContext rule) throws IOException, InterruptedException {
        ZombieMonitor.check(server, rule);
    }

    @RuleTest("HYG-2")
    @DisplayName("HYG-2 open file descriptors return to their baseline after clients disconnect")
    void fileDescriptorsReturnToBaseline(ServerUnderTest server, RuleContext rule) throws IOException, InterruptedException {
        BaselineReturn.Finding finding = BaselineReturn.check(server, rule, FDS);
        if (finding.passed()) {
            return;
        }
        List<Held> leaked = newFds(finding);
        TcpSocketTable table = TcpSocketTable.of(server.launched().pid());
        long sockets = leaked.stream().filter(h -> h.fd().isSocket()).count();
        long inNewProcesses = leaked.stream().filter(h -> finding.baselineTree().find(h.pid()).isEmpty()).count();
        RuleViolation.Builder violation = RuleViolation.because(grewEveryRound(finding))
                .evidence(finding.history())
                .evidence(leaked.size() + " descriptors are open now that were not at the baseline, " + sockets
                        + " of them sockets; " + (inNewProcesses > 0
                        ? inNewProcesses + " held by processes started since the baseline"
                        : "all held by the server's own process" + (finding.baselineTree().size() > 1 ? "es" : "")));
        describeFds(leaked, table).forEach(violation::evidence);
        throw violation.likelyCause(fdCause(finding, leaked, sockets, inNewProcesses)).build();
    }

    @RuleTest("HYG-3")
    @DisplayName("HYG-3 threads return to their baseline after clients disconnect")
    void threadsReturnToBaseline(ServerUnderTest server, RuleContext rule) throws IOException, InterruptedException {
        BaselineReturn.Finding finding = BaselineReturn.check(server, rule, THREADS);
        if (finding.passed()) {
            return;
        }
        Set<Long> before = finding.baselineThreads().stream().map(ServerThread::tid).collect(Collectors.toSet());
        List<ServerThread> stayed = ServerThread.of(finding.lastTree()).stream()
                .filter(thread -> !thread.isMain() && !before.contains(thread.tid())).toList();
        boolean busy = stayed.stream().filter(thread -> thread.state() == 'R').count() > stayed.size() / 2;
        throw RuleViolation.because(grewEveryRound(finding))
                .evidence(finding.history())
                .evidence(stayed.size() + " threads started since the baseline are still there: "
                        + ServerThread.describeGroups(stayed, 4) + " (state R = running or ready to run, S = sleeping)")
                .likelyCause(busy
                        ? "the threads that serve clients keep running after their client left: they spin on end of "
                                + "stream (read/recv returning 0, or -1 in Java) instead of returning"
                        : "the thread that serves a client does not end after its client left: it blocks or waits for "
                                + "something that never comes after the connection closed; let it return when read "
                                + "returns end of stream")
                .build();
    }

    // 1200 connections, each with its own bounds: for a server that starts a JVM per client that is
    // 1200 JVM starts, about a minute on an idle two-core machine and several on a busy one.
    @RuleTest(value = "HYG-4", hardBoundSeconds = MemoryGrowthProbe.HARD_BOUND_SECONDS)
    @DisplayName("HYG-4 no memory or virtual-size growth per connection")
    void noMemoryGrowthPerConnection(ServerUnderTest server, RuleContext rule) throws IOException {
        MemoryGrowthProbe.check(server, rule);
    }

    @RuleTest("HYG-5")
    @DisplayName("HYG-5 an idle server with idle clients uses almost no CPU")
    void idleServerUsesAlmostNoCpu(ServerUnderTest server, RuleContext rule) throws IOException, InterruptedException {
        IdleCpuProbe.check(server, rule);
    }

    @RuleTest("HYG-6")
    @DisplayName("HYG-6 a per-client child process exits when its client disconnects")
    void perClientChildrenExit(ServerUnderTest server, RuleContext rule) throws IOException, InterruptedException {
        BaselineReturn.Finding finding = BaselineReturn.check(server, rule, CHILDREN);
        if (finding.passed()) {
            return;
        }
        Set<Long> before = new HashSet<>(finding.baselineTree().pids());
        List<ProcessSnapshot> stayed = finding.lastTree().descendants().stream()
                .filter(p -> !p.isZombie() && !before.contains(p.pid())).toList();
        TcpSocketTable table = TcpSocketTable.of(server.launched().pid());
        ProcessSnapshot example = stayed.getFirst();
        throw RuleViolation.because(stayed.size() + " child processes started for clients are still running after "
                        + finding.clients() + " clients left: about " + perRound(finding) + " more per round of "
                        + DisconnectRound.CLIENTS + " clients")
                .evidence(finding.history())
                .evidence("still running: " + String.join(", ", stayed.stream().limit(8)
                        .map(p -> p.pid() + " (" + p.command() + ", state " + p.state() + ")").toList())
                        + (stayed.size() > 8 ? ", ..." : ""))
                .evidence("pid " + example.pid() + " holds " + example.openFdCount() + " descriptors" + (example.socketFds()
                        .isEmpty() ? ", no socket" : ", among them a socket " + TcpSocketTable.meaning(
                        table.connection(example.socketFds().getFirst()))))
                .likelyCause("the child does not exit after serving its client: end the child with exit(0) (or _exit) "
                        + "right after close(connfd); a child that returns into the accept loop, or waits for something "
                        + "after its client left, stays forever (seeds 001 and 004)")
                .build();
    }

    private record Held(long pid, OpenFd fd) {
    }

    /** Descriptors open now that were not open (same process, number and target) at the baseline. */
    private static List<Held> newFds(BaselineReturn.Finding finding) {
        Set<Held> before = new HashSet<>();
        finding.baselineTree().processes().forEach(p -> p.openFds().forEach(fd -> before.add(new Held(p.pid(), fd))));
        return finding.lastTree().processes().stream()
                .flatMap(p -> p.openFds().stream().map(fd -> new Held(p.pid(), fd)))
                .filter(held -> !before.contains(held))
                .toList();
    }

    /**
     * One line per kind: "96 sockets in CLOSE_WAIT (...), e.g. pid 812 fd 28: 127.0.0.1:45429 -
     * 127.0.0.1:41344", "48 other descriptors, e.g. pid 901 fd 0 -> /dev/null".
     */
    private static List<String> describeFds(List<Held> leaked, TcpSocketTable table) {
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        for (Held held : leaked) {
            String where = "pid " + held.pid() + " fd " + held.fd().fd();
            if (held.fd().isSocket()) {
                var connection = table.connection(held.fd());
                kinds.computeIfAbsent("sockets " + TcpSocketTable.meaning(connection), k -> new ArrayList<>())
                        .add(where + connection.map(c -> " (" + c.local() + " - " + c.remote() + ")").orElse(""));
            } else {
                kinds.computeIfAbsent("other descriptors", k -> new ArrayList<>())
                        .add(where + " -> " + held.fd().target());
            }
        }
        return kinds.entrySet().stream().map(kind -> kind.getValue().size() + " " + kind.getKey() + ", e.g. "
                + String.join("; ", kind.getValue().subList(0, Math.min(3, kind.getValue().size())))).toList();
    }

    private static String grewEveryRound(BaselineReturn.Finding finding) {
        return finding.measure().noun() + " grew by about " + perRound(finding) + " per round of "
                + DisconnectRound.CLIENTS + " clients and never came back: " + (finding.levels().getLast()
                - finding.baseline()) + " more than the baseline after " + finding.clients() + " clients left";
    }

    private static int perRound(BaselineReturn.Finding finding) {
        return Math.round((float) (finding.levels().getLast() - finding.baseline()) / finding.levels().size());
    }

    private static String fdCause(BaselineReturn.Finding finding, List<Held> leaked, long sockets, long inNewProcesses) {
        if (inNewProcesses > leaked.size() / 2) {
            return "per-client child processes that never exit hold these descriptors (see HYG-6): a child must exit "
                    + "after serving its client";
        }
        boolean forked = finding.whileConnected().descendants().size() > finding.baselineTree().descendants().size();
        if (forked && sockets > leaked.size() / 2) {
            return "the parent keeps its copy of each connected socket: after fork, the parent must close(connfd) at "
                    + "once (the kernel ends a connection only when every copy of its descriptor is closed; seeds 001 "
                    + "and 004)";
        }
        if (sockets > leaked.size() / 2) {
            return "your server never closes a connection's socket after its client left: close it (close(connfd), "
                    + "socket.close(), try-with-resources) on every path: end of stream, errors and resets; shutting "
                    + "it down is not closing it";
        }
        return "something opened per connection (a file, a pipe, a selector) is never closed";
    }
}
