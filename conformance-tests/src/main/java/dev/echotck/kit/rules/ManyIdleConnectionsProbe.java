package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.opentest4j.TestAbortedException;

import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.process.FdLimit;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * CONC-7: 1100 connections that stay open and silent while other clients come and go and are
 * served. 1100, not 1000: with the descriptors a process already has, the active clients' sockets
 * are then numbered above 1023, where {@code select()}'s FD_SETSIZE ends and where the common
 * default open-files limit of 1024 would already have been hit.
 */
final class ManyIdleConnectionsProbe {

    static final int IDLE = 1100;
    static final int ACTIVE = 20;
    /** Besides the idle connections, the kit needs descriptors for its own jars, logs and clients. */
    private static final int KIT_MARGIN = 200;
    /** All idle connections together may take this long to connect (about 1 s on a loaded 2-core machine). */
    private static final Duration ALL_CONNECT = Duration.ofSeconds(30);

    private final ServerUnderTest server;
    private final RuleContext rule;

    ManyIdleConnectionsProbe(ServerUnderTest server, RuleContext rule) {
        this.server = server;
        this.rule = rule;
    }

    void run() throws IOException {
        kitCanOpenEnough();
        Timeouts t = rule.timeouts();
        try (IdleConnections idle = new IdleConnections(server)) {
            idle.open(IDLE, t.within(ConcurrencyRules.CONNECT), t.within(ALL_CONNECT));
            for (int i = 1; i <= ACTIVE; i++) {
                activeClient(i, idle, t);
            }
            List<String> disturbed = idle.disturbed();
            if (!disturbed.isEmpty()) {
                RuleViolation.Builder violation = RuleViolation.because(disturbed.size() + " of " + IDLE
                                + " idle connections were closed or written to by the server while active clients were served")
                        .evidence(ACTIVE + " active clients were served meanwhile");
                disturbed.stream().limit(10).forEach(violation::evidence);
                serverState().forEach(violation::evidence);
                throw violation.likelyCause("your server closes connections that are idle, or that it cannot fit: a "
                        + "connection limit, an idle timeout shorter than a few seconds, or an fd-based table that "
                        + "overflows. Keep idle connections open until their client closes them").build();
            }
        }
    }

    private void kitCanOpenEnough() {
        long soft = FdLimit.of(ProcessHandle.current().pid()).map(FdLimit.Limits::soft).orElse(FdLimit.UNLIMITED);
        if (soft < IDLE + KIT_MARGIN) {
            throw new TestAbortedException("the kit itself may open only " + soft + " files (ulimit -n) and needs "
                    + (IDLE + KIT_MARGIN) + " to hold " + IDLE + " connections; run it with ulimit -n 4096");
        }
    }

    private void activeClient(int i, IdleConnections idle, Timeouts t) throws IOException {
        byte[] line = ("active client " + i + " of " + ACTIVE + " among " + IDLE + " idle connections\n")
                .getBytes(StandardCharsets.US_ASCII);
        EchoClient client;
        try {
            client = EchoClient.connect(server, t.within(ConcurrencyRules.CONNECT));
        } catch (RuleViolation e) {
            throw notServed(i, "could not connect: " + e.summary(), t);
        }
        try (client) {
            client.write(line, t.within(ConcurrencyRules.EXCHANGE));
            ReadResult got = client.read(line.length, t.within(ConcurrencyRules.EXCHANGE));
            if (!Arrays.equals(line, got.bytes())) {
                throw notServed(i, "got " + got.length() + " of " + line.length + " bytes: " + got.describeEnd(), t);
            }
        }
    }

    private RuleViolation notServed(int i, String what, Timeouts t) {
        RuleViolation.Builder violation = RuleViolation.because("with " + IDLE + " idle connections open, active client "
                        + i + " of " + ACTIVE + " was not served: " + what)
                .evidence("the idle connections connected one after another and sent nothing; active clients then "
                        + "connected one at a time, each sending one line and waiting " + t.describe(ConcurrencyRules.EXCHANGE));
        serverState().forEach(violation::evidence);
        server.deathNotice().ifPresent(notice -> violation.evidence("the server is dead: " + notice));
        String cause;
        if (server.deathNotice().isPresent()) {
            cause = "your server crashed holding many connections: with select(), a descriptor of 1024 or more overflows "
                    + "the fd_set (FD_SETSIZE); use poll or epoll. Or it ran out of memory or threads";
        } else if (i > 1) {
            cause = "your server served some active clients and then stopped: it may run out of file descriptors (check "
                    + "ulimit -n, and that an accept error such as EMFILE does not stop or spin the accept loop)";
        } else {
            cause = "idle connections hold up everyone: your server serves one client at a time, or a fixed pool of "
                    + "threads is all blocked in read on idle clients, or it cannot accept more connections (its "
                    + "open-files limit; ulimit -n). Serve each client on its own (virtual) thread, or use poll/epoll";
        }
        return violation.likelyCause(cause).build();
    }

    /** The server's threads, sockets and open-files limit, when the kit launched it. */
    private List<String> serverState() {
        return server.process().filter(p -> p.isAlive()).map(p -> {
            String limit = FdLimit.of(p.pid()).map(l -> l.soft() == FdLimit.UNLIMITED ? "unlimited" : Long.toString(l.soft()))
                    .orElse("?");
            return List.of("the server now: " + p.tree().root().map(s -> s.summary()).orElse("?")
                    + "; its open-files limit (soft) is " + limit);
        }).orElse(List.of());
    }
}
