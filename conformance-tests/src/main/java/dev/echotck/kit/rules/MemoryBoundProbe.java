package dev.echotck.kit.rules;

import java.time.Duration;

import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.target.LaunchedProcess;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * ROB-6: a client sends without reading while the kit watches the server's resident memory.
 *
 * <p>Why RSS of the whole tree: it is what the kernel's OOM killer and a container limit look at,
 * and it counts a JVM's heap, a C server's malloc and a forked child's buffers alike. The data a
 * correct server leaves in socket buffers is kernel memory, not RSS.
 */
final class MemoryBoundProbe {

    static final long SEND_LIMIT = 64L << 20;
    static final long MAX_GROWTH = 32L << 20;
    /** No byte written for this long: the server stopped reading, as it should. */
    static final Duration STALL = Duration.ofMillis(500);
    /** Writing 64 MiB on loopback takes well under a second; this bounds a server that reads slowly. */
    static final Duration WRITING = Duration.ofSeconds(20);
    static final Duration DRAIN = Duration.ofSeconds(30);

    private final ServerUnderTest server;
    private final LaunchedProcess process;
    private final Timeouts t;
    private long peakRss;

    MemoryBoundProbe(ServerUnderTest server, RuleContext rule) {
        this.server = server;
        this.process = server.launched();
        this.t = rule.timeouts();
    }

    private static final java.time.Duration FIRST_ECHO = java.time.Duration.ofSeconds(5);

    void run() throws InterruptedException, java.io.IOException {
        SurvivalCheck check = new SurvivalCheck(server, t,
                "your server crashed while a client sent without reading (out of memory?)",
                "your server stopped serving a client that sent without reading");
        EchoClient client = check.connect("a client that sends and does not read", "before it sent anything");
        boolean drained = false;
        long before;
        try {
            // The baseline is taken once this connection is being served: what a connection costs by
            // itself (a thread, or a whole child process in a forked server) is HYG-4's business;
            // this rule is about memory that grows with what the client sends.
            byte[] hello = "ROB-6 first line\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            client.write(hello, t.within(FIRST_ECHO));
            client.read(hello.length, t.within(FIRST_ECHO));
            before = process.tree().totalRssBytes();
            peakRss = before;
            UnreadEchoWriter writer = UnreadEchoWriter.start(client, SEND_LIMIT, t);
            UnreadEchoWriter.Outcome outcome = writer.await(t.quietFor(STALL), t.within(WRITING), this::sampleRss);
            sampleRss();
            check.failIfDied("while a client sent " + mib(writer.written()) + " without reading");
            long growth = peakRss - before;
            if (growth > MAX_GROWTH) {
                throw RuleViolation.because("the server's memory grew by " + mib(growth) + " while a client sent "
                                + mib(writer.written()) + " and read nothing (at most " + mib(MAX_GROWTH) + " allowed)")
                        .evidence("resident memory (RSS) of the server's process tree: " + mib(before) + " before, "
                                + mib(peakRss) + " at most while the client sent")
                        .evidence("the client's writes " + describe(outcome, writer))
                        .likelyCause("your server keeps reading from a client whose echo it cannot write and queues "
                                + "what it read in memory; stop reading from a connection while it has echo pending "
                                + "(drop OP_READ / EPOLLIN interest until OP_WRITE / EPOLLOUT has flushed it)")
                        .build();
            }
            writer.drain(t.within(DRAIN));
            drained = true;
        } finally {
            if (drained) {
                client.close();
            } else {
                client.reset();
            }
        }
    }

    private void sampleRss() {
        if (process.isAlive()) {
            peakRss = Math.max(peakRss, process.tree().totalRssBytes());
        }
    }

    private String describe(UnreadEchoWriter.Outcome outcome, UnreadEchoWriter writer) {
        return switch (outcome) {
            case SENT_ALL -> "never stopped: the server read all " + mib(writer.written());
            case STALLED -> "stopped making progress after " + mib(writer.written());
            case FAILED -> "failed after " + mib(writer.written()) + ": " + writer.failureMessage();
        };
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
