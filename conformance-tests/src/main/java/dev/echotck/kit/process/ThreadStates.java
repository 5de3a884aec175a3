package dev.echotck.kit.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What each thread of a process is doing now, from {@code /proc/PID/task/TID/{comm,stat,wchan}}:
 * its name and the kernel function it sleeps in. That is the evidence for a client that did not
 * exit: "echo-input blocked in pipe_read (reading a pipe: its stdin)" says which thread was never
 * woken, in the terms of seed 002.
 *
 * <p>{@code wchan} needs no privilege for one's own processes; where a kernel hides it (it then
 * reads "0"), the thread's state is all the evidence gives.
 */
public final class ThreadStates {

    /** JVM housekeeping threads: never the ones a client author needs to hear about. */
    private static final Set<String> JVM_INTERNAL_PREFIXES = Set.of("GC Thread", "G1 ", "VM Thread", "VM Periodic",
            "C1 Compiler", "C2 Compiler", "Reference Handl", "Finalizer", "Signal Dispatch", "Service Thread",
            "Monitor Deflati", "Common-Cleaner", "Notification Th", "Attach Listener", "Sweeper", "Periodic GC",
            "Thread-JVMCI", "JFR ", "process reaper");

    /** One thread: its id, name (comm, at most 15 characters), state letter and wait channel. */
    public record ThreadState(long tid, String name, char state, String waitChannel) {

        /** "echo-input (tid 812) blocked in pipe_read: reading a pipe (its stdin?)". */
        public String describe() {
            String where = waitChannel.isEmpty() || waitChannel.equals("0") ? stateWord() : "blocked in " + waitChannel;
            String meaning = meaning();
            return name + " (tid " + tid + ") " + where + (meaning.isEmpty() ? "" : ": " + meaning);
        }

        /** Reading a pipe or a terminal: for a client the kit started, that is its stdin. */
        public boolean readsStdinLike() {
            return waitChannel.contains("pipe_read") || waitChannel.contains("n_tty_read") || waitChannel.equals("wait_woken");
        }

        private String meaning() {
            if (readsStdinLike()) {
                return "reading a pipe or terminal (stdin)";
            }
            if (waitChannel.startsWith("futex")) {
                return "waiting on a lock, a condition or a join";
            }
            if (waitChannel.contains("poll") || waitChannel.contains("select")) {
                return "in poll/select";
            }
            if (waitChannel.contains("tcp") || waitChannel.contains("sk_wait") || waitChannel.contains("inet_")) {
                return "in a socket call";
            }
            return "";
        }

        private String stateWord() {
            return switch (state) {
                case 'R' -> "running";
                case 'S' -> "sleeping";
                case 'D' -> "in uninterruptible wait";
                case 'T', 't' -> "stopped";
                case 'Z' -> "exited";
                default -> "state " + state;
            };
        }
    }

    private ThreadStates() {
    }

    /** The threads of {@code pid} now; empty if it is gone. */
    public static List<ThreadState> of(long pid) {
        List<ThreadState> threads = new ArrayList<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tasks)) {
            for (Path task : entries) {
                read(task).ifPresent(threads::add);
            }
        } catch (IOException | RuntimeException e) {
            return threads; // exited while we looked
        }
        threads.sort((a, b) -> Long.compare(a.tid(), b.tid()));
        return threads;
    }

    /**
     * The threads a reader should look at, one per line: every thread but the JVM's own
     * housekeeping ones, at most {@code limit}.
     */
    public static List<String> describeApplicationThreads(long pid, int limit) {
        return of(pid).stream()
                .filter(t -> JVM_INTERNAL_PREFIXES.stream().noneMatch(t.name()::startsWith))
                .limit(limit)
                .map(ThreadState::describe)
                .toList();
    }

    private static java.util.Optional<ThreadState> read(Path task) {
        try {
            long tid = Long.parseLong(task.getFileName().toString());
            String comm = Files.readString(task.resolve("comm")).strip();
            String stat = Files.readString(task.resolve("stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            String wchan;
            try {
                wchan = Files.readString(task.resolve("wchan")).strip();
            } catch (IOException e) {
                wchan = "";
            }
            return java.util.Optional.of(new ThreadState(tid, comm, state, wchan));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
