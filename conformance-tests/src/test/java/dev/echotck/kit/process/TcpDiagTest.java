package dev.echotck.kit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** sock_diag sees both ends of a loopback connection this test makes, as ss would. */
@Timeout(10)
class TcpDiagTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void seesUnreadBytesAndTheFinOnTheOtherEnd() throws IOException {
        assumeTrue(TcpDiag.available(), "this kernel does not answer sock_diag");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort());
             Socket accepted = listener.accept()) {
            InetSocketAddress serverEnd = (InetSocketAddress) accepted.getLocalSocketAddress();
            InetSocketAddress clientEnd = (InetSocketAddress) accepted.getRemoteSocketAddress();

            client.getOutputStream().write(new byte[1000]);
            await().atMost(WAIT).until(() -> unread(serverEnd, clientEnd) == 1000);
            TcpDiag.Socket server = TcpDiag.find(serverEnd, clientEnd).orElseThrow();
            assertThat(server.stateName()).isEqualTo("ESTABLISHED");
            assertThat(server.sendBuffer()).isPositive();
            assertThat(server.sendBufferFull()).isFalse();

            client.shutdownOutput(); // the FIN: the server's end goes to CLOSE_WAIT, the 1000 bytes still unread
            await().atMost(WAIT).until(() -> TcpDiag.find(serverEnd, clientEnd)
                    .map(s -> s.state() == TcpDiag.CLOSE_WAIT).orElse(false));
            assertThat(TcpDiag.find(serverEnd, clientEnd).orElseThrow().unreadData()).isEqualTo(1000);
            assertThat(TcpDiag.find(clientEnd, serverEnd).orElseThrow().stateName()).isEqualTo("FIN_WAIT2");
        }
    }

    @Test
    void aConnectionThatDoesNotExistIsNotFound() throws IOException {
        assumeTrue(TcpDiag.available(), "this kernel does not answer sock_diag");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress local = (InetSocketAddress) listener.getLocalSocketAddress();
            // The lookup falls back to the listening socket for an unknown peer: that is no connection.
            assertThat(TcpDiag.find(local, new InetSocketAddress(local.getAddress(), 9))).isEmpty();
        }
    }

    private static long unread(InetSocketAddress local, InetSocketAddress remote) {
        Optional<TcpDiag.Socket> socket = TcpDiag.find(local, remote);
        return socket.map(TcpDiag.Socket::unreadData).orElse(-1L);
    }
}
