package dev.echotck.kit.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Child processes a test starts, all killed and reaped (with their descendants) after each test, so a
 * failing test leaves no orphan behind. Cleanup uses the JDK's destroyForcibly rather than
 * {@link Signals}, so a bug in the code under test cannot also break the cleanup.
 */
final class ChildProcesses implements AfterEachCallback {

    /** Registered with {@code @RegisterExtension}: every test's children are gone before the next test. */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        killAll();
    }

    private final List<Process> started = new ArrayList<>();
    private final Map<Process, BufferedReader> readers = new ConcurrentHashMap<>();

    Process start(String... argv) throws IOException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        started.add(process);
        return process;
    }

    Process sh(String script) throws IOException {
        return start("/bin/sh", "-c", script);
    }

    /**
     * Reads one line the child printed, e.g. a pid it reports with {@code echo $!}. Blocks: tests that
     * call it carry a {@code @Timeout} in a separate thread, and killAll() then unblocks the read.
     */
    String readLine(Process process) throws IOException {
        // One reader per child: a fresh reader each time could swallow the next line in its buffer.
        return readers.computeIfAbsent(process, p ->
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))).readLine();
    }

    static void writeLine(Process process, String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Polls {@code probe} every 10 ms until {@code done} or the timeout; returns the last value for the assertion. */
    static <T> T poll(Duration timeout, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            value = probe.get();
        }
        return value;
    }

    void killAll() throws InterruptedException, IOException {
        List<Long> survivors = new ArrayList<>();
        for (Process process : started) {
            // Collect the whole tree before killing anything: once the root dies, its children are
            // re-parented to init and no longer found under it.
            Set<Long> pids = new LinkedHashSet<>(ProcessTree.capture(process.pid()).pids());
            process.descendants().forEach(handle -> pids.add(handle.pid()));
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            process.destroyForcibly();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                survivors.add(process.pid());
            }
            process.getInputStream().close();
            process.getOutputStream().close();
        }
        started.clear();
        readers.clear();
        if (!survivors.isEmpty()) {
            throw new IllegalStateException("children did not die: " + survivors);
        }
    }
}
