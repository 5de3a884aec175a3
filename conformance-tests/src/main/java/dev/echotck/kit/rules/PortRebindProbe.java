package dev.echotck.kit.rules;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.process.OpenFd;
import dev.echotck.kit.process.ProcessSnapshot;

/**
 * SHUT-7: after the server has exited, bind its port the way a restarted server does (with
 * SO_REUSEADDR). When that fails, /proc says why: a listening socket still open in some process,
 * or the server's closed connections in TIME_WAIT, which block even a SO_REUSEADDR bind when the
 * old listener did not set SO_REUSEADDR itself (Linux compares both sides' flags).
 */
final class PortRebindProbe {

    private static final Duration BIND = Duration.ofSeconds(1);
    private static final Duration RETRY = Duration.ofMillis(50);

    private PortRebindProbe() {
    }

    /**
     * Binds {@code address} with SO_REUSEADDR, retrying for {@link #BIND}; fails with the reason.
     *
     * @param context what happened before, for the evidence: how the server's connections ended
     */
    static void requireBindable(InetSocketAddress address, Timeouts t, String context) {
        long deadline = System.nanoTime() + t.within(BIND).toNanos();
        IOException last;
        while (true) {
            try (ServerSocket restarted = new ServerSocket()) {
                restarted.setReuseAddress(true);
                restarted.bind(address, 1);
                return;
            } catch (IOException e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                break;
            }
            sleep(RETRY);
        }
        throw diagnose(address, last, t, context);
    }

    private static RuleViolation diagnose(InetSocketAddress address, IOException failure, Timeouts t, String context) {
        int port = address.getPort();
        List<TcpSockets.Entry> onPort = TcpSockets.read().map(s -> s.onLocalPort(port)).orElse(List.of());
        List<TcpSockets.Entry> listeners = onPort.stream().filter(TcpSockets.Entry::isListening).toList();
        Map<String, Long> others = onPort.stream().filter(e -> !e.isListening())
                .collect(Collectors.groupingBy(TcpSockets.Entry::state, TreeMap::new, Collectors.counting()));
        RuleViolation.Builder violation = RuleViolation.because("after the server exited, its port " + port
                        + " could not be bound again with SO_REUSEADDR for " + t.describe(BIND) + ": "
                        + (failure instanceof BindException ? "address already in use" : failure.getMessage()))
                .evidence(context);
        if (!listeners.isEmpty()) {
            for (TcpSockets.Entry listener : listeners) {
                violation.evidence("a socket still listens on port " + port + " (inode " + listener.inode() + "), held by "
                        + holders(listener.inode()));
            }
            return violation.likelyCause("a process that inherited your listening socket outlived the server: a child "
                            + "forked by the server that did not close it, or a program started without close-on-exec "
                            + "(SOCK_CLOEXEC). It keeps the port bound, and accepts into a backlog nobody serves")
                    .build();
        }
        if (!others.isEmpty()) {
            violation.evidence("sockets on port " + port + " in /proc/net/tcp: " + others.entrySet().stream()
                    .map(e -> e.getValue() + " in " + e.getKey()).collect(Collectors.joining(", ")));
            return violation.likelyCause("your listening socket does not set SO_REUSEADDR: the connections the server "
                            + "closed wait in TIME_WAIT for 60 s, and Linux lets a new listener bind despite them only if "
                            + "the old listener set SO_REUSEADDR too. setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, "
                            + "sizeof one) before bind")
                    .build();
        }
        return violation.likelyCause("nothing on port " + port + " is visible in /proc/net/tcp: the server may run in "
                + "another network namespace, or another program took the port").build();
    }

    /** "pid 4242 (sleep, parent 1)", found by scanning every process's fds for the socket's inode. */
    private static String holders(long inode) {
        String target = "socket:[" + inode + "]";
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(Path.of("/proc"),
                p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path dir : pids) {
                long pid = Long.parseLong(dir.getFileName().toString());
                boolean holds = OpenFd.list(pid).orElse(List.of()).stream().anyMatch(fd -> fd.target().equals(target));
                if (holds) {
                    found.add(ProcessSnapshot.take(pid)
                            .map(p -> "pid " + pid + " (" + p.command() + ", parent " + p.ppid() + ")")
                            .orElse("pid " + pid));
                }
            }
        } catch (IOException | RuntimeException e) {
            // evidence is best effort
        }
        return found.isEmpty() ? "a process the kit cannot see (another user's?)" : String.join(", ", found);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
