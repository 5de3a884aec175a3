package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.echotck.kit.check.EchoExpectation;
import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.process.CpuSampler;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * HYG-5: with some clients connected and idle and others gone, nothing is happening, so the server's
 * threads must rest. The server must become idle within {@link #SETTLE}: a JVM compiles and
 * collects for a moment after traffic, so the check measures consecutive windows and passes at the
 * first quiet one. A busy loop is never quiet.
 *
 * <p>Why "running or ready to run" and not CPU time: on a loaded machine a busy loop gets only a
 * share of a CPU (a fifth of one at a load of 10 on two cores, and now and then almost nothing), so
 * its CPU time says as much about the machine as about the server. The time it is running
 * <em>or waiting in a run queue</em> ({@code /proc/PID/task/TID/schedstat}) is all of the window
 * whatever the load, and that of a resting thread is nothing. Where the kernel does not report it,
 * the check falls back to CPU time.
 */
final class IdleCpuProbe {

    static final int IDLE_CLIENTS = 8;
    static final int LEAVING_CLIENTS = 8;
    /** Must happen within: one quiet window. */
    static final Duration SETTLE = Duration.ofSeconds(5);
    static final Duration WINDOW = Duration.ofMillis(500);
    /** Quiet: the threads wanted a CPU less than this fraction of one core over a window. */
    static final double QUIET = 0.10;

    private IdleCpuProbe() {
    }

    static void check(ServerUnderTest server, RuleContext rule) throws IOException, InterruptedException {
        Timeouts t = rule.timeouts();
        long pid = server.launched().pid();
        List<EchoClient> idle = new ArrayList<>();
        try {
            for (int i = 1; i <= IDLE_CLIENTS + LEAVING_CLIENTS; i++) {
                EchoClient client = EchoClient.connect(server, t.within(DisconnectRound.CONNECT));
                byte[] line = (rule.ruleId() + ", client " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                client.write(line, t.within(DisconnectRound.EXCHANGE));
                ReadResult echo = client.read(line.length, t.within(DisconnectRound.EXCHANGE));
                EchoExpectation.assertEchoed("the line of client " + i, line, echo,
                        t.describe(DisconnectRound.EXCHANGE), server);
                if (i <= IDLE_CLIENTS) {
                    idle.add(client);
                } else {
                    client.close();
                }
            }
            measure(server, pid, t);
        } finally {
            idle.forEach(EchoClient::close);
        }
    }

    private static void measure(ServerUnderTest server, long pid, Timeouts t) throws InterruptedException {
        long deadline = System.nanoTime() + t.within(SETTLE).toNanos();
        List<String> windows = new ArrayList<>();
        List<Busy> busiest;
        do {
            Map<Long, ServerThread> before = byTid(ServerThread.of(TreeCapture.of(server)));
            long start = System.nanoTime();
            CpuSampler sampler = CpuSampler.start(pid);
            Thread.sleep(WINDOW);
            CpuSampler.Usage used = sampler.sinceStart();
            List<ServerThread> after = ServerThread.of(TreeCapture.of(server));
            long wall = System.nanoTime() - start;
            busiest = busiest(before, after, wall);
            boolean demandKnown = before.values().stream().anyMatch(thread -> thread.runnableNanos() >= 0);
            double demand = demandKnown
                    ? busiest.stream().mapToLong(Busy::runnableNanos).sum() / (double) wall
                    : used.coreFraction();
            if (demand < QUIET) {
                return;
            }
            windows.add("%.0f%% (got %.0f%%)".formatted(demand * 100, used.coreFraction() * 100));
        } while (System.nanoTime() < deadline);
        throw RuleViolation.because("the server never rested while all its clients were idle or gone: its threads "
                        + "were running or ready to run at least " + Math.round(QUIET * 100) + "% of the time in every "
                        + WINDOW.toMillis() + " ms window for " + t.describe(SETTLE))
                .evidence(IDLE_CLIENTS + " clients connected, had one line echoed and stayed idle; " + LEAVING_CLIENTS
                        + " others had one line echoed and closed")
                .evidence("window by window, the time the server's threads were running or waiting for a CPU, as a "
                        + "share of one core (and the CPU they got on this machine): " + String.join(", ", windows))
                .evidence("threads that wanted a CPU most in the last window: " + String.join("; ", busiest.stream()
                        .filter(busy -> busy.runnableNanos() * 100 >= busy.wallNanos()).limit(3).map(Busy::describe)
                        .toList()))
                .likelyCause("a loop that never blocks: most often, end of stream is not handled (read/recv returns 0, "
                        + "or -1 in Java, and the loop reads again at once; with select/poll/epoll a closed connection "
                        + "stays readable forever until you close it), or a loop that polls (non-blocking accept or "
                        + "selectNow in a loop) instead of blocking")
                .build();
    }

    /** A thread and how long it was running or ready to run during a window. */
    private record Busy(ServerThread thread, long runnableNanos, long wallNanos) {
        String describe() {
            return "thread '" + thread.name() + "' (tid " + thread.tid() + ", pid " + thread.pid() + ", state "
                    + thread.state() + "): " + Math.round(100.0 * runnableNanos / wallNanos) + "% of the window";
        }
    }

    /** Threads by the time they wanted a CPU during the window, busiest first; a new thread counts whole. */
    private static List<Busy> busiest(Map<Long, ServerThread> before, List<ServerThread> after, long wall) {
        return after.stream()
                .filter(a -> a.runnableNanos() >= 0)
                .map(a -> {
                    ServerThread b = before.get(a.tid());
                    return new Busy(a, a.runnableNanos() - (b == null ? 0 : Math.max(0, b.runnableNanos())), wall);
                })
                .filter(busy -> busy.runnableNanos() > 0)
                .sorted(Comparator.comparingLong(Busy::runnableNanos).reversed())
                .toList();
    }

    private static Map<Long, ServerThread> byTid(List<ServerThread> threads) {
        Map<Long, ServerThread> map = new HashMap<>();
        threads.forEach(thread -> map.put(thread.tid(), thread));
        return map;
    }
}
