package dev.echotck.kit.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.target.LaunchedProcess;
import dev.echotck.kit.target.ServerUnderTest;

/** A wrong echo is reported with the bug that explains its shape. */
class EchoExpectationTest {

    /** A live server the kit did not launch: only the bytes speak. */
    private static final ServerUnderTest SERVER = new ServerUnderTest() {
        @Override
        public InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", 7);
        }

        @Override
        public Optional<LaunchedProcess> process() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "a test double";
        }
    };

    @Test
    void nothingBackForBytesThatStartWithAZeroByteIsStrlen() {
        byte[] sent = {0, 1, 2, 3, 'a', 'b'};
        ReadResult nothing = new ReadResult(new byte[0], ReadResult.End.DEADLINE, Duration.ofSeconds(5));

        Throwable failure = catchThrowable(() -> EchoExpectation.assertEchoed("the block", sent, nothing, "5 s", SERVER));

        assertThat(failure).hasMessageContaining("nothing came back for the block")
                .hasMessageContaining("starts with a zero byte").hasMessageContaining("strlen()");
    }

    @Test
    void anEchoThatStopsBeforeAZeroByteIsStrlen() {
        byte[] sent = {'a', 'b', 0, 'c'};
        ReadResult cut = new ReadResult(new byte[] {'a', 'b'}, ReadResult.End.DEADLINE, Duration.ofSeconds(5));

        Throwable failure = catchThrowable(() -> EchoExpectation.assertEchoed("the block", sent, cut, "5 s", SERVER));

        assertThat(failure).hasMessageContaining("only 2 of 4 bytes came back")
                .hasMessageContaining("stops right before the first zero byte (offset 2)");
    }
}
