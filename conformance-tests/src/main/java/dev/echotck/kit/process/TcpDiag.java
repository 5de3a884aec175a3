package dev.echotck.kit.process;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/**
 * One TCP connection's end as the kernel sees it, asked through netlink's sock_diag (what
 * {@code ss -tmi} shows): its state, its queues, its buffer sizes. A check uses it to see the
 * server's end of a connection, which no client call can show: has the server's TCP received our
 * FIN (CLOSE_WAIT), how much of what we sent has the server not read yet, is its send buffer full.
 *
 * <p>Why netlink and not {@code /proc/net/tcp}: the kernel answers an exact lookup by addresses
 * and ports in microseconds, with the buffer sizes and {@code tcp_info}, while the /proc tables
 * list every socket of the machine, TIME_WAIT leftovers included (tens of thousands on a busy test
 * machine, tens of milliseconds a read), and no buffer sizes. sock_diag needs no privilege: any
 * user may look up any socket.
 */
public final class TcpDiag {

    private static final int AF_NETLINK = 16;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_SOCK_DIAG = 4;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int IPPROTO_TCP = 6;
    private static final short SOCK_DIAG_BY_FAMILY = 20;
    private static final short NLMSG_ERROR = 2;
    private static final short NLM_F_REQUEST = 1;
    private static final int INET_DIAG_INFO = 2;
    private static final int INET_DIAG_SKMEMINFO = 7;
    private static final int REQUEST_SIZE = 16 + 56; // nlmsghdr + inet_diag_req_v2
    private static final int MESSAGE_OFFSET = 16; // inet_diag_msg after the nlmsghdr
    private static final int ATTRIBUTES_OFFSET = MESSAGE_OFFSET + 72;
    private static final ValueLayout.OfShort NETWORK_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt HOST_INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort HOST_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;

    /** The states of include/net/tcp_states.h, indexed by number. */
    private static final List<String> STATES = List.of("?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
            "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV");

    public static final int ESTABLISHED = 1;
    /** The peer's FIN has arrived: everything the peer sent is in this socket's receive queue, or was read. */
    public static final int CLOSE_WAIT = 8;
    private static final int LISTEN = 10;

    private TcpDiag() {
    }

    /**
     * One end of a connection. Sizes the kernel did not report (a socket in TIME_WAIT has none) are -1.
     *
     * @param state           the TCP state, e.g. {@link #CLOSE_WAIT}
     * @param receiveQueue    bytes received and not yet read by the application (a received FIN counts one)
     * @param sendQueue       bytes the application wrote that the peer has not acknowledged yet
     * @param receiveBuffer   SO_RCVBUF as the kernel applies it (in memory, not payload, bytes)
     * @param sendBuffer      SO_SNDBUF as the kernel applies it, grown by autotuning
     * @param sendQueued      memory the send queue holds; at or above {@code sendBuffer} a write blocks
     * @param unackedSegments segments sent and not yet acknowledged (tcp_info's tcpi_unacked)
     */
    public record Socket(int state, long receiveQueue, long sendQueue, long receiveBuffer, long sendBuffer,
                         long sendQueued, long unackedSegments) {

        public String stateName() {
            return state > 0 && state < STATES.size() ? STATES.get(state) : "state " + state;
        }

        /** Bytes of data the application has not read yet, not counting a received FIN. */
        public long unreadData() {
            return state == CLOSE_WAIT ? Math.max(0, receiveQueue - 1) : receiveQueue;
        }

        /** Its send buffer is full, so a write blocks: the application cannot hand the kernel anything more. */
        public boolean sendBufferFull() {
            return sendBuffer > 0 && sendQueued >= sendBuffer;
        }

        /** Nothing it sent is on its way: no acknowledgement can still free room in its send buffer. */
        public boolean nothingInFlight() {
            return unackedSegments == 0;
        }
    }

    /** Whether this kernel answers sock_diag queries: it has netlink and lets this process use it. */
    public static boolean available() {
        return Available.VALUE;
    }

    /**
     * The end of a TCP connection whose local address is {@code local} and whose peer is {@code remote},
     * or empty if there is none (the connection is closed) or sock_diag is not {@link #available()}.
     */
    public static Optional<Socket> find(InetSocketAddress local, InetSocketAddress remote) {
        if (!available()) {
            return Optional.empty();
        }
        return query(local, remote);
    }

    private static Optional<Socket> query(InetSocketAddress local, InetSocketAddress remote) {
        Libc.Result fd = Libc.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
        if (fd.failed()) {
            return Optional.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment request = request(arena, local, remote);
            if (Libc.send((int) fd.value(), request, request.byteSize(), 0).failed()) {
                return Optional.empty();
            }
            // The kernel answers within send: the reply is queued by the time send returns.
            MemorySegment reply = arena.allocate(8192, 8);
            Libc.Result received = Libc.recv((int) fd.value(), reply, MSG_DONTWAIT);
            return received.failed() ? Optional.empty() : parse(reply, received.value());
        } finally {
            Libc.close((int) fd.value());
        }
    }

    /** An nlmsghdr and an inet_diag_req_v2 that asks for one socket by its addresses and ports. */
    private static MemorySegment request(Arena arena, InetSocketAddress local, InetSocketAddress remote) {
        MemorySegment r = arena.allocate(REQUEST_SIZE, 8);
        boolean v4 = local.getAddress() instanceof Inet4Address && remote.getAddress() instanceof Inet4Address;
        r.set(HOST_INT, 0, REQUEST_SIZE);
        r.set(HOST_SHORT, 4, SOCK_DIAG_BY_FAMILY);
        r.set(HOST_SHORT, 6, NLM_F_REQUEST); // no NLM_F_DUMP: an exact lookup, not a scan
        r.set(HOST_INT, 8, 1);
        r.set(ValueLayout.JAVA_BYTE, 16, (byte) (v4 ? AF_INET : AF_INET6));
        r.set(ValueLayout.JAVA_BYTE, 17, (byte) IPPROTO_TCP);
        r.set(ValueLayout.JAVA_BYTE, 18, (byte) (1 << (INET_DIAG_INFO - 1) | 1 << (INET_DIAG_SKMEMINFO - 1)));
        r.set(HOST_INT, 20, -1); // every state
        r.set(NETWORK_SHORT, 24, (short) local.getPort());
        r.set(NETWORK_SHORT, 26, (short) remote.getPort());
        MemorySegment.copy(local.getAddress().getAddress(), 0, r, ValueLayout.JAVA_BYTE, 28, v4 ? 4 : 16);
        MemorySegment.copy(remote.getAddress().getAddress(), 0, r, ValueLayout.JAVA_BYTE, 44, v4 ? 4 : 16);
        r.set(HOST_INT, 64, -1); // INET_DIAG_NOCOOKIE
        r.set(HOST_INT, 68, -1);
        return r;
    }

    /** Reads an inet_diag_msg and its SKMEMINFO and INFO (tcp_info) attributes; empty for an error reply. */
    static Optional<Socket> parse(MemorySegment reply, long length) {
        if (length < ATTRIBUTES_OFFSET || reply.get(HOST_SHORT, 4) == NLMSG_ERROR) {
            return Optional.empty(); // ENOENT: no such connection
        }
        int messageLength = (int) Math.min(length, Integer.toUnsignedLong(reply.get(HOST_INT, 0)));
        int state = Byte.toUnsignedInt(reply.get(ValueLayout.JAVA_BYTE, MESSAGE_OFFSET + 1));
        if (state == LISTEN) {
            return Optional.empty(); // the lookup fell back to the listening socket: the connection is gone
        }
        long receiveQueue = Integer.toUnsignedLong(reply.get(HOST_INT, MESSAGE_OFFSET + 56));
        long sendQueue = Integer.toUnsignedLong(reply.get(HOST_INT, MESSAGE_OFFSET + 60));
        long receiveBuffer = -1;
        long sendBuffer = -1;
        long sendQueued = -1;
        long unacked = -1;
        int offset = ATTRIBUTES_OFFSET;
        while (offset + 4 <= messageLength) {
            int attributeLength = Short.toUnsignedInt(reply.get(HOST_SHORT, offset));
            int type = Short.toUnsignedInt(reply.get(HOST_SHORT, offset + 2));
            if (attributeLength < 4) {
                break;
            }
            int payload = offset + 4;
            if (type == INET_DIAG_SKMEMINFO && attributeLength >= 4 + 6 * 4) {
                // SK_MEMINFO_RMEM_ALLOC, RCVBUF, WMEM_ALLOC, SNDBUF, FWD_ALLOC, WMEM_QUEUED, ...
                receiveBuffer = Integer.toUnsignedLong(reply.get(HOST_INT, payload + 4));
                sendBuffer = Integer.toUnsignedLong(reply.get(HOST_INT, payload + 12));
                sendQueued = Integer.toUnsignedLong(reply.get(HOST_INT, payload + 20));
            } else if (type == INET_DIAG_INFO && attributeLength >= 4 + 28) {
                unacked = Integer.toUnsignedLong(reply.get(HOST_INT, payload + 24)); // tcpi_unacked
            }
            offset += (attributeLength + 3) & ~3;
        }
        return Optional.of(new Socket(state, receiveQueue, sendQueue, receiveBuffer, sendBuffer, sendQueued, unacked));
    }

    private static final class Available {
        static final boolean VALUE = probe();

        private static boolean probe() {
            try {
                Libc.Result fd = Libc.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
                if (fd.failed()) {
                    return false;
                }
                Libc.close((int) fd.value());
                return true;
            } catch (IllegalStateException e) {
                return false; // no native access
            }
        }
    }
}
