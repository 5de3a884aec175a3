package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.echotck.kit.check.EchoExpectation;
import dev.echotck.kit.engine.EchoTckExtension;
import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleOrder;
import dev.echotck.kit.engine.RuleTest;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.EchoClient;
import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * The ECHO family: what comes back. One method per rule; the rule's text, its rationale and its
 * "if this fails" hints are in spec/rules/ECHO.md, which the reports print next to the evidence.
 * These are the only checks that send binary data.
 */
@ExtendWith(EchoTckExtension.class)
@TestMethodOrder(RuleOrder.class)
@DisplayName("ECHO: what comes back")
public class EchoRules {

    /** How long one small exchange may take: generous for a loaded 2-core machine. */
    static final Duration EXCHANGE = Duration.ofSeconds(5);
    static final Duration CONNECT = Duration.ofSeconds(5);

    @RuleTest("ECHO-1")
    @DisplayName("ECHO-1 byte-exact echo of text and of every byte value")
    void byteExactEchoOfTextAndEveryByteValue(ServerUnderTest server, RuleContext rule) throws IOException {
        Timeouts t = rule.timeouts();
        byte[] line = "hello, echo\n".getBytes(StandardCharsets.US_ASCII);
        byte[] allBytes = new byte[512];
        for (int i = 0; i < allBytes.length; i++) {
            allBytes[i] = (byte) i;
        }
        // One connection per payload: a server that serves one exchange per connection fails
        // ECHO-3 for that, not this rule.
        exchange(server, "the line \"hello, echo\\n\"", line, t);
        exchange(server, "the 512-byte block of all byte values 0x00-0xFF (twice)", allBytes, t);
    }

    @RuleTest("ECHO-2")
    @DisplayName("ECHO-2 the echo does not depend on how the client splits its writes")
    void echoDoesNotDependOnWriteSplitting(ServerUnderTest server, RuleContext rule) {
        new SplitWritesProperty(server, rule).check();
    }

    @RuleTest("ECHO-3")
    @DisplayName("ECHO-3 many exchanges on one connection")
    void manyExchangesOnOneConnection(ServerUnderTest server, RuleContext rule) throws IOException {
        Timeouts t = rule.timeouts();
        try (EchoClient client = EchoClient.connect(server, t.within(CONNECT))) {
            for (int i = 1; i <= 200; i++) {
                byte[] request = ("exchange " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                client.write(request, t.within(EXCHANGE));
                ReadResult reply = client.read(request.length, t.within(EXCHANGE));
                if (i > 1 && reply.length() == 0 && reply.end() != ReadResult.End.DEADLINE) {
                    throw RuleViolation.because("exchange " + i + " of 200 got no reply: "
                                    + reply.describeEnd() + " after " + (i - 1) + " successful exchanges")
                            .likelyCause(i == 2
                                    ? "your server reads once, echoes and closes the connection; loop until read returns 0"
                                    : "your server closes the connection after " + (i - 1) + " exchanges")
                            .build();
                }
                EchoExpectation.assertEchoed("exchange " + i + " of 200", request, reply, t.describe(EXCHANGE), server);
            }
        }
    }

    @RuleTest("ECHO-4")
    @DisplayName("ECHO-4 large transfers arrive complete and in order under backpressure")
    void largeTransferArrivesCompleteAndInOrder(ServerUnderTest server, RuleContext rule) throws Exception {
        new LargeTransferProbe(server, rule, 16 << 20).run();
    }

    @RuleTest("ECHO-5")
    @DisplayName("ECHO-5 half-close: everything is echoed, then EOF")
    void halfCloseEchoesEverythingThenEof(ServerUnderTest server, RuleContext rule) throws IOException {
        Timeouts t = rule.timeouts();
        Duration bound = Duration.ofSeconds(5);
        byte[] payload = Payloads.lines("half-close line ", 64 * 1024);
        try (EchoClient client = EchoClient.connect(server, t.within(CONNECT))) {
            client.write(payload, t.within(bound));
            client.shutdownOutput();
            ReadResult got = client.readToEnd(payload.length + 1, t.within(bound));
            EchoExpectation.assertEchoed("64 KiB of lines sent before a half-close", payload, got, t.describe(bound), server);
            if (got.end() == ReadResult.End.DEADLINE) {
                throw RuleViolation.because("all " + payload.length + " bytes came back, but the server never closed "
                                + "its side: no end of stream within " + t.describe(bound))
                        .evidence("the client shut down its output (half-close) right after sending")
                        .likelyCause("in a forked server, the parent keeps its copy of the connected socket (close(connfd) "
                                + "after fork is missing), so the connection stays open after the child exits; in any "
                                + "server, close the connection when read returns 0 and the echo is written")
                        .build();
            }
            if (got.end() == ReadResult.End.RESET) {
                throw RuleViolation.because("all bytes came back, but the connection ended with a reset, not end of stream")
                        .likelyCause("your server treats end of stream as an error, or closes with unread data pending; "
                                + "close normally after echoing")
                        .build();
            }
        }
    }

    @RuleTest("ECHO-6")
    @DisplayName("ECHO-6 clients that connect and leave do not disturb the next one")
    void clientsThatLeaveAtOnceDoNotDisturbTheNext(ServerUnderTest server, RuleContext rule) throws Exception {
        Timeouts t = rule.timeouts();
        List<EchoClient> lingering = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                EchoClient.connect(server, t.within(CONNECT)).close();
            }
            for (int i = 0; i < 20; i++) {
                lingering.add(EchoClient.connect(server, t.within(CONNECT)));
            }
            Thread.sleep(50);
            lingering.forEach(EchoClient::close);
            for (int i = 0; i < 10; i++) {
                EchoClient.connect(server, t.within(CONNECT)).reset();
            }
        } finally {
            lingering.forEach(EchoClient::close);
        }
        byte[] line = "after the impatient clients\n".getBytes(StandardCharsets.US_ASCII);
        try (EchoClient client = EchoClient.connect(server, t.within(CONNECT))) {
            client.write(line, t.within(EXCHANGE));
            ReadResult got = client.read(line.length, t.within(EXCHANGE));
            if (got.length() == 0) {
                throw RuleViolation.because("after 50 clients that connected and left (20 closed at once, 20 after 50 ms, "
                                + "10 reset), a new client got no echo: " + got.describeEnd())
                        .likelyCause("an accept error, an empty read or ECONNRESET on one connection stopped your server "
                                + "or its accept loop, or a handler spins on a closed connection")
                        .build();
            }
            EchoExpectation.assertEchoed("a line sent after 50 clients connected and left", line, got,
                    t.describe(EXCHANGE), server);
        }
    }

    private static void exchange(ServerUnderTest server, String what, byte[] bytes, Timeouts t) throws IOException {
        try (EchoClient client = EchoClient.connect(server, t.within(CONNECT))) {
            client.write(bytes, t.within(EXCHANGE));
            ReadResult got = client.read(bytes.length, t.within(EXCHANGE));
            EchoExpectation.assertEchoed(what, bytes, got, t.describe(EXCHANGE), server);
        }
    }
}
