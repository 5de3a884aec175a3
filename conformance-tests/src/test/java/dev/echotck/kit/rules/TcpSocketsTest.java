package dev.echotck.kit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What SHUT-4's "the server had read exactly N bytes" rests on: /proc/net/tcp lists both ends of
 * a loopback connection, and the receiving end's rx_queue counts the bytes it has not read.
 */
class TcpSocketsTest {

    @Test
    void bothEndsOfALoopbackConnectionAreListedWithTheBytesNotYetRead() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket()) {
            client.connect(listener.getLocalSocketAddress(), 2_000);
            try (Socket accepted = listener.accept()) {
                int serverPort = listener.getLocalPort();
                int clientPort = client.getLocalPort();
                assertThat(TcpSockets.read().orElseThrow().onLocalPort(serverPort))
                        .anyMatch(TcpSockets.Entry::isListening);

                OutputStream out = client.getOutputStream();
                out.write("twelve bytes".getBytes(StandardCharsets.US_ASCII));
                out.flush();

                Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                    TcpSockets now = TcpSockets.read().orElseThrow();
                    assertThat(now.connection(serverPort, clientPort)).get()
                            .returns(12L, TcpSockets.Entry::rxQueue).returns("ESTABLISHED", TcpSockets.Entry::state);
                    assertThat(now.connection(clientPort, serverPort)).get().returns(0L, TcpSockets.Entry::txQueue);
                });

                accepted.getInputStream().readNBytes(5);
                Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(
                        TcpSockets.read().orElseThrow().connection(serverPort, clientPort)).get()
                        .returns(7L, TcpSockets.Entry::rxQueue));
            }
        }
    }

    @Test
    void theNoLossPayloadCanBeRegeneratedFromAnyOffset() {
        byte[] whole = new byte[48];
        NoLossProbe.LineStream.fill(whole, 0, whole.length);
        assertThat(new String(whole, StandardCharsets.US_ASCII))
                .isEqualTo("SHUT-4 00000001\nSHUT-4 00000002\nSHUT-4 00000003\n");
        byte[] part = new byte[20];
        NoLossProbe.LineStream.fill(part, 13, part.length);
        assertThat(part).isEqualTo(java.util.Arrays.copyOfRange(whole, 13, 33));
    }
}
