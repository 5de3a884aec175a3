package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The machine's TCP sockets as {@code /proc/net/tcp} and {@code /proc/net/tcp6} list them: state,
 * ports, queues, inode. The kit and the server share the network namespace (they talk over
 * loopback), so both ends of a kit connection are listed.
 *
 * <p>Why the queues matter: for a connection, {@code rx_queue} is what the kernel has received
 * and the application has not read yet, and {@code tx_queue} what the application has written and
 * the peer has not acknowledged. From the two ends of one connection the kit can therefore tell
 * exactly how many bytes the server has read (SHUT-4). The kernel computes them under the socket
 * lock, so each line is consistent, though two lines are not read at the same instant.
 */
record TcpSockets(List<Entry> entries) {

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    /** One socket. {@code state} is the kernel's name: ESTABLISHED, LISTEN, TIME_WAIT, ... */
    record Entry(int localPort, int remotePort, String state, long txQueue, long rxQueue, long inode) {
        boolean isListening() {
            return state.equals("LISTEN");
        }
    }

    private static final String[] STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
            "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};

    /** Empty if neither table can be read (not Linux, or /proc hidden). */
    static Optional<TcpSockets> read() {
        List<Entry> entries = new ArrayList<>();
        boolean any = false;
        for (Path table : TABLES) {
            try {
                for (String line : Files.readAllLines(table)) {
                    parse(line).ifPresent(entries::add);
                }
                any = true;
            } catch (IOException | RuntimeException e) {
                // tcp6 is absent without IPv6; the other table may still do
            }
        }
        return any ? Optional.of(new TcpSockets(List.copyOf(entries))) : Optional.empty();
    }

    /** The end of a connection whose local port is {@code local} and remote port {@code remote}. */
    Optional<Entry> connection(int local, int remote) {
        return entries.stream().filter(e -> e.localPort() == local && e.remotePort() == remote
                && !e.isListening()).findFirst();
    }

    /** Every socket bound to local port {@code port}: a listener, connections, TIME_WAIT leftovers. */
    List<Entry> onLocalPort(int port) {
        return entries.stream().filter(e -> e.localPort() == port).toList();
    }

    // "  12: 0100007F:A1B2 0100007F:C3D4 01 00000000:00000000 00:00000000 00000000  1000  0 123456 ..."
    private static Optional<Entry> parse(String line) {
        String[] c = line.strip().split("\\s+");
        if (c.length < 10 || !c[0].endsWith(":")) {
            return Optional.empty(); // the header
        }
        String[] queues = c[4].split(":");
        int state = Integer.parseInt(c[3], 16);
        return Optional.of(new Entry(port(c[1]), port(c[2]), state < STATES.length ? STATES[state] : "state " + state,
                Long.parseLong(queues[0], 16), Long.parseLong(queues[1], 16), Long.parseLong(c[9])));
    }

    private static int port(String addressAndPort) {
        return Integer.parseInt(addressAndPort.substring(addressAndPort.lastIndexOf(':') + 1), 16);
    }
}
