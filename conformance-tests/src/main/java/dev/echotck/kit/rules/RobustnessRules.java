package dev.echotck.kit.rules;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.echotck.kit.engine.EchoTckExtension;
import dev.echotck.kit.engine.Fresh;
import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleOrder;
import dev.echotck.kit.engine.RuleTest;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.target.LaunchedProcess;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * The ROB family: robustness. One method per rule; the rule's text, its rationale and its "if this
 * fails" hints are in spec/rules/ROB.md. Outside ECHO, payloads are newline-terminated ASCII.
 *
 * <p>ROB-1 and ROB-2 are two halves of one story, split so that each fails for its own reason: in
 * ROB-1 the dropped client's reset reaches the server while it waits in {@code read} (nothing of
 * the client's is left to echo), in ROB-2 while it has echo left to write.
 */
@ExtendWith(EchoTckExtension.class)
@TestMethodOrder(RuleOrder.class)
@DisplayName("ROB: robustness")
public class RobustnessRules {

    static final int RESETTING_CLIENTS = 10;
    /** The unread client's receive buffer: small and fixed, so the echo the kernels can hold is known. */
    static final int UNREAD_RECEIVE_BUFFER = 64 * 1024;
    /** How far past that echo room the unread client writes, so the server has echo left to write for sure. */
    static final long BEYOND_ECHO_ROOM = 1L << 20;
    static final Duration UNREAD_STALL = Duration.ofMillis(300);
    static final Duration UNREAD_WRITING = Duration.ofSeconds(20);
    static final int SIGNALS_PER_STORM = 100;

    @RuleTest("ROB-1")
    @DisplayName("ROB-1 a client that resets its connection does not disturb the server")
    void clientThatResetsItsConnectionDoesNotDisturbTheServer(ServerUnderTest server, RuleContext rule)
            throws IOException {
        SurvivalCheck check = new SurvivalCheck(server, rule.timeouts(),
                "your server treats a failed read (ECONNRESET, \"Connection reset\" in Java) as fatal: close that "
                        + "connection only and keep serving",
                "a reset on one connection disturbed the others: your accept loop or another client's handler "
                        + "stopped when one client reset its connection");
        try (EchoClient bystander = check.connect("the bystander", "before any client reset")) {
            check.exchange(bystander, "the bystander", "before any client reset");
            OptionalInt sockets = DroppedConnections.sockets(server);
            for (int i = 1; i <= RESETTING_CLIENTS; i++) {
                String who = "resetting client " + i;
                String when = i == 1 ? "before any client reset"
                        : "after " + (i - 1) + " client(s) reset their connection";
                EchoClient client = check.connect(who, when);
                try {
                    check.exchange(client, who, when);
                    check.exchange(client, who, when);
                } finally {
                    // Its echo is all read, so the server is waiting in read, which the reset makes fail.
                    client.reset();
                }
            }
            String after = "after " + RESETTING_CLIENTS + " clients reset their connections";
            check.note(RESETTING_CLIENTS + " clients, one after another, each exchanged 2 lines and then reset the "
                    + "connection (SO_LINGER 0) while the server waited for more");
            check.note(DroppedConnections.awaitClosed(server, sockets, rule.timeouts().within(DroppedConnections.SETTLE)));
            check.failIfDied(after);
            check.exchange(bystander, "the bystander", after);
            try (EchoClient newcomer = check.connect("a new client", after)) {
                check.exchange(newcomer, "a new client", after);
            }
            check.failIfDied(after);
        }
    }

    @RuleTest("ROB-2")
    @DisplayName("ROB-2 a client that closes without reading its echo does not kill the server")
    void clientThatClosesWithoutReadingDoesNotKillTheServer(ServerUnderTest server, RuleContext rule)
            throws IOException, InterruptedException {
        Timeouts t = rule.timeouts();
        SurvivalCheck check = new SurvivalCheck(server, t,
                "your server dies when a write fails because the client has gone: in C it is killed by SIGPIPE "
                        + "(ignore SIGPIPE, or send with MSG_NOSIGNAL), or it exits on EPIPE/ECONNRESET (\"Broken "
                        + "pipe\" in Java); close that connection only",
                "a failed write on one connection disturbed the others: your accept loop or another client's "
                        + "handler stopped when one client closed without reading");
        try (EchoClient bystander = check.connect("the bystander", "before the clients that do not read")) {
            check.exchange(bystander, "the bystander", "before the clients that do not read");
            // Two ways to leave, which fail the server's write differently: a plain close resets the
            // connection while it is ESTABLISHED (ECONNRESET), a close after a half-close resets it
            // in CLOSE_WAIT (EPIPE, and SIGPIPE in C). See HalfClosingLeaver.
            String afterPlain = closeWithoutReading(server, check, t);
            stillServes(check, bystander, afterPlain);
            String afterHalfClose = halfCloseThenLeave(server, check, t);
            stillServes(check, bystander, afterHalfClose);
        }
    }

    /** ROB-2's first client: writes lines without reading, then closes while the server writes. */
    private static String closeWithoutReading(ServerUnderTest server, SurvivalCheck check, Timeouts t)
            throws IOException, InterruptedException {
        OptionalInt sockets = DroppedConnections.sockets(server);
        EchoClient hog = check.connect("the client that closes without reading", "before it sent anything");
        UnreadEchoWriter writer;
        UnreadEchoWriter.Outcome outcome;
        long target;
        try {
            target = beyondEchoRoom(hog);
            writer = UnreadEchoWriter.start(hog, target, t);
            outcome = writer.await(t.quietFor(UNREAD_STALL), t.within(UNREAD_WRITING), () -> { });
        } finally {
            hog.close(); // with its echo unread: the kernel resets the connection
        }
        writer.closeUnread();
        check.note("the first client wrote " + MemoryBoundProbe.mib(writer.written()) + " of the "
                + MemoryBoundProbe.mib(target) + " of lines it meant to (" + switch (outcome) {
                    case SENT_ALL -> "all of it";
                    case STALLED -> "then the server stopped reading";
                    case FAILED -> "then a write failed: " + writer.failureMessage();
                } + "), then closed without reading any echo, which resets the connection while the server "
                + "writes (its write fails with ECONNRESET)");
        check.note(DroppedConnections.awaitClosed(server, sockets, t.within(DroppedConnections.SETTLE)));
        return "after a client wrote " + MemoryBoundProbe.mib(writer.written())
                + " of lines without reading any echo and closed";
    }

    /** ROB-2's second client: writes lines, half-closes, and closes with the echo unread once the reset means EPIPE. */
    private static String halfCloseThenLeave(ServerUnderTest server, SurvivalCheck check, Timeouts t)
            throws IOException, InterruptedException {
        OptionalInt sockets = DroppedConnections.sockets(server);
        EchoClient client = check.connect("the client that half-closes", "after the first client closed");
        HalfClosingLeaver leaver = new HalfClosingLeaver(client, t);
        HalfClosingLeaver.Outcome outcome;
        try {
            outcome = leaver.leave(beyondEchoRoom(client), UNREAD_STALL, UNREAD_WRITING);
        } finally {
            client.close(); // with echo unread: the kernel resets the connection
        }
        String wrote = "the second client wrote " + HalfClosingLeaver.bytes(leaver.written())
                + " of lines without reading any echo, ";
        check.note(switch (outcome) {
            case RESET_IN_CLOSE_WAIT -> wrote + "shut down its output and closed (a reset) when the server's end of the "
                    + "connection was in " + leaver.lastSeen() + " (at least " + HalfClosingLeaver.bytes(leaver.needed())
                    + " unread were needed): the server's next write fails with EPIPE, which raises SIGPIPE";
            case NOT_SET_UP -> wrote + "then closed; the kit could not make the reset reach the server in CLOSE_WAIT: "
                    + leaver.why() + " (server's end: " + leaver.lastSeen() + ")";
            case NO_SOCK_DIAG -> "the kit cannot see the server's end of a connection on this kernel (netlink "
                    + "sock_diag is not available), so the second client, which half-closes, only connected and closed";
        });
        check.note(DroppedConnections.awaitClosed(server, sockets, t.within(DroppedConnections.SETTLE)));
        return "after a client wrote " + HalfClosingLeaver.bytes(leaver.written())
                + " of lines, half-closed and closed without reading any echo";
    }

    /**
     * Fixes the client's receive buffer and returns how much it must write so that the server is
     * certain to have echo left to write: more than its receive buffer (counted twice, as Linux
     * doubles it and Java may report either value) plus the largest send buffer the server can have.
     */
    private static long beyondEchoRoom(EchoClient client) throws IOException {
        client.socket().setReceiveBufferSize(UNREAD_RECEIVE_BUFFER);
        long echoRoom = 2L * client.socket().getReceiveBufferSize() + KernelBuffers.largestSendBuffer();
        return echoRoom + BEYOND_ECHO_ROOM;
    }

    /** The server is alive, the bystander still gets its echo, and a new client is served. */
    private static void stillServes(SurvivalCheck check, EchoClient bystander, String after) throws IOException {
        check.failIfDied(after);
        check.exchange(bystander, "the bystander", after);
        try (EchoClient newcomer = check.connect("a new client", after)) {
            check.exchange(newcomer, "a new client", after);
        }
        check.failIfDied(after);
    }

    @RuleTest("ROB-3")
    @DisplayName("ROB-3 signals that interrupt blocking calls do not stop the server")
    void signalsThatInterruptBlockingCallsDoNotStopTheServer(ServerUnderTest server, RuleContext rule)
            throws IOException {
        LaunchedProcess process = server.launched();
        SurvivalCheck check = new SurvivalCheck(server, rule.timeouts(),
                "a signal interrupted a blocking call (accept, read, write) and your server treated the EINTR "
                        + "failure as fatal: call it again on EINTR, and install handlers with SA_RESTART",
                "a signal interrupted a blocking call and your server gave up on it: it closed the connection (a "
                        + "read or write that failed with EINTR ended it; the children of a forking server inherit "
                        + "the parent's handlers, and a signal sent to the process group reaches them) or stopped "
                        + "accepting: call it again on EINTR, and install handlers with SA_RESTART");
        try (EchoClient a = check.connect("client A", "before the signals")) {
            check.exchange(a, "client A", "before the signals");
            // First the server's pid alone: what interrupts the accept loop of the process that listens.
            SignalStorm toPid = SignalStorm.send(process, SIGNALS_PER_STORM, SignalStorm.Target.PROCESS);
            String afterPid = "after " + toPid.describe() + ", sent while the server was idle in accept and read";
            check.exchange(a, "client A", afterPid);
            try (EchoClient b = check.connect("client B", afterPid)) {
                check.exchange(b, "client B", afterPid);
            }
            // Then its whole group: what also interrupts the reads of the processes serving the clients.
            SignalStorm toGroup = SignalStorm.send(process, SIGNALS_PER_STORM, SignalStorm.Target.GROUP);
            String afterGroup = "after " + toGroup.describe() + ", sent while the server was idle in accept and read";
            check.exchange(a, "client A", afterGroup);
            try (EchoClient c = check.connect("client C", afterGroup)) {
                check.exchange(c, "client C", afterGroup);
            }
            CompletableFuture<SignalStorm> busy = SignalStorm.start(process, SIGNALS_PER_STORM, SignalStorm.Target.GROUP);
            int exchanges = 0;
            while (!busy.isDone()) {
                check.exchange(a, "client A", "while the kit sent signals to the server's process group");
                exchanges++;
            }
            SignalStorm sent = busy.join();
            String afterBusy = "after " + sent.describe() + ", sent while client A exchanged " + exchanges + " lines";
            check.exchange(a, "client A", afterBusy);
            check.failIfDied(afterBusy);
        }
    }

    @RuleTest("ROB-4")
    @DisplayName("ROB-4 slow clients do not hold up the others")
    void slowClientsDoNotHoldUpTheOthers(ServerUnderTest server, RuleContext rule)
            throws IOException, InterruptedException {
        new SlowClientProbe(server, rule).run();
    }

    @RuleTest("ROB-5")
    @DisplayName("ROB-5 at its fd limit the server keeps serving, does not spin, and recovers")
    void atItsFdLimitTheServerKeepsServingAndRecovers(@Fresh(fdLimit = FdExhaustionProbe.FD_LIMIT) ServerUnderTest server,
                                                      RuleContext rule) throws IOException, InterruptedException {
        new FdExhaustionProbe(server, rule).run();
    }

    @RuleTest("ROB-6")
    @DisplayName("ROB-6 memory stays bounded when a client does not read")
    void memoryStaysBoundedWhenAClientDoesNotRead(ServerUnderTest server, RuleContext rule) throws InterruptedException, java.io.IOException {
        new MemoryBoundProbe(server, rule).run();
    }
}
