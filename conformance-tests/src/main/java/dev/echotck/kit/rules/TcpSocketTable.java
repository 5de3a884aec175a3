package dev.echotck.kit.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.echotck.kit.process.OpenFd;

/**
 * The TCP sockets of a process's network namespace by inode, from {@code /proc/PID/net/tcp} and
 * {@code tcp6}, so that evidence can say what a leaked socket descriptor is: a connection in
 * CLOSE_WAIT (the client left, the server never closed) rather than "socket:[81234]".
 */
final class TcpSocketTable {

    private static final List<String> STATES = List.of("?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
            "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV");

    /** "127.0.0.1:40123", "127.0.0.1:51234", "CLOSE_WAIT". */
    record Connection(String local, String remote, String state) {
    }

    private final Map<Long, Connection> byInode;

    private TcpSocketTable(Map<Long, Connection> byInode) {
        this.byInode = byInode;
    }

    static TcpSocketTable of(long pid) {
        Map<Long, Connection> sockets = new HashMap<>();
        for (String file : List.of("tcp", "tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", file))) {
                    parse(line, sockets);
                }
            } catch (IOException e) {
                // no IPv6, or the process is gone: describe what we have
            }
        }
        return new TcpSocketTable(sockets);
    }

    /** Empty for a socket that is no TCP connection any more (closed on both sides) or not TCP at all. */
    Optional<Connection> connection(OpenFd fd) {
        return fd.socketInode().isPresent() ? Optional.ofNullable(byInode.get(fd.socketInode().getAsLong()))
                : Optional.empty();
    }

    /** What a socket's state means for a server whose clients have all left; reads after "a socket". */
    static String meaning(Optional<Connection> connection) {
        return connection.map(c -> switch (c.state()) {
            case "CLOSE_WAIT" -> "in CLOSE_WAIT (the client closed its side; the server never closed the socket)";
            case "ESTABLISHED" -> "still ESTABLISHED (the connection was never ended)";
            case "LISTEN" -> "listening for connections";
            default -> "in " + c.state();
        }).orElse("with no TCP connection left (both sides are done with it; only the descriptor is still open)");
    }

    // "  1: 0100007F:9C4B 0100007F:C3A2 08 00000000:00000000 00:00000000 00000000  1000  0 81234 ..."
    private static void parse(String line, Map<Long, Connection> sockets) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || !f[0].endsWith(":") || !f[1].contains(":")) {
            return; // the header line
        }
        try {
            int state = Integer.parseInt(f[3], 16);
            sockets.put(Long.parseLong(f[9]), new Connection(address(f[1]), address(f[2]),
                    state < STATES.size() ? STATES.get(state) : "state " + state));
        } catch (RuntimeException e) {
            // a line we do not understand: leave that socket undescribed
        }
    }

    /** "0100007F:1F90" (IPv4) or 32 hex digits (IPv6), each 32-bit word in host (little-endian) order. */
    static String address(String hexAddressAndPort) {
        int colon = hexAddressAndPort.indexOf(':');
        String hex = hexAddressAndPort.substring(0, colon);
        int port = Integer.parseInt(hexAddressAndPort.substring(colon + 1), 16);
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return host(bytes) + ":" + port;
    }

    private static String host(byte[] b) {
        boolean v4Mapped = b.length == 16 && b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
        for (int i = 0; v4Mapped && i < 10; i++) {
            v4Mapped = b[i] == 0;
        }
        if (b.length == 4 || v4Mapped) {
            int o = b.length - 4;
            return (b[o] & 0xFF) + "." + (b[o + 1] & 0xFF) + "." + (b[o + 2] & 0xFF) + "." + (b[o + 3] & 0xFF);
        }
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < 16; i += 2) {
            text.append(i == 0 ? "" : ":").append(Integer.toHexString(((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF)));
        }
        return text.append(']').toString();
    }
}
