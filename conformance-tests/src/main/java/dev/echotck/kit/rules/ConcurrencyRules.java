package dev.echotck.kit.rules;

import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.echotck.kit.engine.EchoTckExtension;
import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleOrder;
import dev.echotck.kit.engine.RuleTest;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * The CONC family: concurrency. One method per rule; the rule's text, its rationale and its "if this
 * fails" hints are in spec/rules/CONC.md. Outside ECHO, payloads are newline-terminated ASCII.
 *
 * <p>Every check shares the run's server: none of them stops or exhausts it, and each closes its
 * clients before it returns. Each check is a probe class of its own; this class only names them.
 */
@ExtendWith(EchoTckExtension.class)
@TestMethodOrder(RuleOrder.class)
@DisplayName("CONC: concurrency")
public class ConcurrencyRules {

    /** How long one connect may take, and one small exchange: generous for a loaded 2-core machine. */
    static final Duration CONNECT = Duration.ofSeconds(5);
    static final Duration EXCHANGE = Duration.ofSeconds(5);

    @RuleTest("CONC-1")
    @DisplayName("CONC-1 simultaneous clients each get exactly their own bytes back")
    void simultaneousClientsGetTheirOwnBytes(ServerUnderTest server, RuleContext rule) {
        new SimultaneousClientsProbe(server, rule).run();
    }

    @RuleTest("CONC-2")
    @DisplayName("CONC-2 a client that sends nothing does not delay the others")
    void idleClientsDoNotDelayOthers(ServerUnderTest server, RuleContext rule) throws Exception {
        new IdleClientsProbe(server, rule).run();
    }

    @RuleTest("CONC-3")
    @DisplayName("CONC-3 a client that never reads does not delay the others")
    void nonReadingClientDoesNotDelayOthers(ServerUnderTest server, RuleContext rule) throws Exception {
        new NonReadingClientProbe(server, rule).run();
    }

    @RuleTest("CONC-4")
    @DisplayName("CONC-4 isolation under churn: every client gets exactly its own stream")
    void isolationUnderChurn(ServerUnderTest server, RuleContext rule) {
        new ChurnProperty(server, rule).check();
    }

    @RuleTest("CONC-5")
    @DisplayName("CONC-5 a burst of connections larger than a listen backlog is all served")
    void connectBurstIsServed(ServerUnderTest server, RuleContext rule) throws Exception {
        new ConnectBurstProbe(server, rule).run();
    }

    @RuleTest("CONC-6")
    @DisplayName("CONC-6 a full-speed client does not starve a ping-pong client")
    void streamingClientDoesNotStarvePingPong(ServerUnderTest server, RuleContext rule) throws Exception {
        new StreamingNeighbourProbe(server, rule).run();
    }

    @RuleTest("CONC-7")
    @DisplayName("CONC-7 1100 idle connections held open while active clients are served")
    void manyIdleConnectionsWhileServingOthers(ServerUnderTest server, RuleContext rule) throws Exception {
        new ManyIdleConnectionsProbe(server, rule).run();
    }
}
