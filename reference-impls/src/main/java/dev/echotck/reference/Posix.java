package dev.echotck.reference;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The libc calls {@link ForkedEchoServer} makes itself, through the FFM linker: the socket calls
 * (so that it owns plain file descriptors it can hand to a child), {@code poll}, {@code posix_spawn},
 * {@code waitpid} and {@code kill}. Each wrapper returns what the C call returns and throws an
 * {@link ErrnoException} (carrying errno) where the C call returns -1.
 *
 * <p>Constants are Linux's on x86_64 and aarch64 (glibc or musl); alpha, mips, parisc and sparc
 * number some differently and are not supported.
 */
@SuppressWarnings("restricted")
final class Posix {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SHUT_RDWR = 2;
    static final int O_CLOEXEC = 0x80000;
    static final int MSG_PEEK = 0x2;
    static final int MSG_DONTWAIT = 0x40;
    static final short POLLIN = 1;
    static final int WNOHANG = 1;
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;

    static final int EINTR = 4;
    static final int ECHILD = 10;
    static final int EAGAIN = 11;

    // <spawn.h> flags (glibc and musl agree)
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;

    // Opaque libc types, allocated generously: glibc's are 336 (posix_spawnattr_t), 80
    // (posix_spawn_file_actions_t) and 128 (sigset_t) bytes on x86_64 and aarch64.
    private static final long SPAWNATTR_SIZE = 1024;
    private static final long FILE_ACTIONS_SIZE = 512;
    private static final long SIGSET_SIZE = 256;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    // errno must be captured inside the downcall: the JVM may clobber it before Java looks.
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_OF = CALL_STATE.varHandle(PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET = withErrno("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle SETSOCKOPT = withErrno("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle BIND = withErrno("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LISTEN = withErrno("listen", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle GETSOCKNAME = withErrno("getsockname", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle ACCEPT4 = withErrno("accept4", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle RECV = withErrno("recv", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle SHUTDOWN = withErrno("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle CLOSE = withErrno("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle PIPE2 = withErrno("pipe2", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle POLL = withErrno("poll", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle WAITPID = withErrno("waitpid", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle KILL = withErrno("kill", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle STRERROR = plain("strerror", ADDRESS, JAVA_INT);
    // long syscall(long number, ...): pidfd_open has no wrapper before glibc 2.36
    private static final MethodHandle SYSCALL_2 = LINKER.downcallHandle(symbol("syscall"),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT), ERRNO, Linker.Option.firstVariadicArg(1));
    /** The same number on x86_64 and aarch64 (and every architecture since Linux 5.3 unified the new calls). */
    private static final long SYS_PIDFD_OPEN = 434;

    // posix_spawn and its helpers return an error number instead of setting errno.
    private static final MethodHandle POSIX_SPAWN = plain("posix_spawn", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle FILE_ACTIONS_INIT = plain("posix_spawn_file_actions_init", JAVA_INT, ADDRESS);
    private static final MethodHandle FILE_ACTIONS_DESTROY = plain("posix_spawn_file_actions_destroy", JAVA_INT, ADDRESS);
    private static final MethodHandle FILE_ACTIONS_ADDDUP2 = plain("posix_spawn_file_actions_adddup2", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    /** glibc 2.34 and later; without it the child relies on every other fd being close-on-exec. */
    private static final Optional<MethodHandle> FILE_ACTIONS_ADDCLOSEFROM = optional("posix_spawn_file_actions_addclosefrom_np", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SPAWNATTR_INIT = plain("posix_spawnattr_init", JAVA_INT, ADDRESS);
    private static final MethodHandle SPAWNATTR_SETFLAGS = plain("posix_spawnattr_setflags", JAVA_INT, ADDRESS, JAVA_SHORT);
    private static final MethodHandle SPAWNATTR_SETSIGMASK = plain("posix_spawnattr_setsigmask", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle SPAWNATTR_SETSIGDEFAULT = plain("posix_spawnattr_setsigdefault", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle SIGEMPTYSET = plain("sigemptyset", JAVA_INT, ADDRESS);
    private static final MethodHandle SIGFILLSET = plain("sigfillset", JAVA_INT, ADDRESS);

    private Posix() {
    }

    /** A failed libc call, with its errno so that callers can tell EINTR from EMFILE. */
    static final class ErrnoException extends IOException {
        private final int errno;

        ErrnoException(String call, int errno) {
            super(call + ": " + strerror(errno) + " (errno " + errno + ")");
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }

    // ---- sockets

    static int socket(int domain, int type) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            return check("socket", (int) SOCKET.invokeExact(state, domain, type, 0), state);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("socket", t);
        }
    }

    static void setIntOption(int fd, int level, int option, int value) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment optval = arena.allocateFrom(JAVA_INT, value);
            check("setsockopt", (int) SETSOCKOPT.invokeExact(state, fd, level, option, optval, (int) JAVA_INT.byteSize()), state);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("setsockopt", t);
        }
    }

    static void bind(int fd, InetSocketAddress address) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment sockaddr = SockAddr.encode(arena, address);
            String what = "bind " + address.getAddress().getHostAddress() + ":" + address.getPort();
            check(what, (int) BIND.invokeExact(state, fd, sockaddr, (int) sockaddr.byteSize()), state);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("bind", t);
        }
    }

    static void listen(int fd, int backlog) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            check("listen", (int) LISTEN.invokeExact(state, fd, backlog), state);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("listen", t);
        }
    }

    static InetSocketAddress getsockname(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment sockaddr = arena.allocate(SockAddr.MAX_SIZE);
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) SockAddr.MAX_SIZE);
            check("getsockname", (int) GETSOCKNAME.invokeExact(state, fd, sockaddr, length), state);
            return SockAddr.decode(sockaddr);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("getsockname", t);
        }
    }

    /** accept4(2) without asking for the peer's address; returns the connection's fd. */
    static int accept4(int fd, int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            return check("accept4", (int) ACCEPT4.invokeExact(state, fd, MemorySegment.NULL, MemorySegment.NULL, flags), state);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("accept4", t);
        }
    }

    /** recv(2) of at most one byte, into a scratch buffer; returns the count (0 at end of stream). */
    static long recvOneByte(int fd, int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment buffer = arena.allocate(1);
            long result = (long) RECV.invokeExact(state, fd, buffer, 1L, flags);
            if (result == -1) {
                throw new ErrnoException("recv", (int) ERRNO_OF.get(state, 0L));
            }
            return result;
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("recv", t);
        }
    }

    static void shutdown(int fd, int how) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            check("shutdown", (int) SHUTDOWN.invokeExact(state, fd, how), state);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("shutdown", t);
        }
    }

    static void close(int fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            check("close", (int) CLOSE.invokeExact(state, fd), state);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("close", t);
        }
    }

    /**
     * poll(2) on several fds, blocking up to {@code timeoutMillis} (-1: until one is ready). Element
     * i of the result is true if {@code fds[i]} reported anything: readable if {@code wantInput[i]},
     * and hung up or in error in any case (poll always reports those).
     */
    static boolean[] poll(int[] fds, boolean[] wantInput, int timeoutMillis) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment pollfds = arena.allocate(8L * fds.length, 4); // struct pollfd { int fd; short events; short revents; }
            for (int i = 0; i < fds.length; i++) {
                pollfds.set(JAVA_INT, 8L * i, fds[i]);
                pollfds.set(JAVA_SHORT, 8L * i + 4, wantInput[i] ? POLLIN : 0);
            }
            check("poll", (int) POLL.invokeExact(state, pollfds, fds.length, timeoutMillis), state);
            boolean[] ready = new boolean[fds.length];
            for (int i = 0; i < fds.length; i++) {
                ready[i] = pollfds.get(JAVA_SHORT, 8L * i + 6) != 0;
            }
            return ready;
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("poll", t);
        }
    }

    /** pipe2(2): {read end, write end}, both with {@code flags} (O_CLOEXEC). */
    static int[] pipe(int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            check("pipe2", (int) PIPE2.invokeExact(state, fds, flags), state);
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("pipe2", t);
        }
    }

    // ---- processes

    /**
     * pidfd_open(2), Linux 5.3: an fd (close-on-exec) that polls readable once process {@code pid}
     * has ended, so a loop can wait for its children and its clients in one poll.
     */
    static int pidfdOpen(int pid) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            return check("pidfd_open " + pid, (int) (long) SYSCALL_2.invokeExact(state, SYS_PIDFD_OPEN, pid, 0), state);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("pidfd_open", t);
        }
    }

    /**
     * The exit status of child {@code pid} if it has ended (reaping it), empty while it runs. With
     * {@code block}, waits for it to end.
     */
    static Optional<Integer> waitpid(int pid, boolean block) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment status = arena.allocate(JAVA_INT);
            int result = check("waitpid " + pid, (int) WAITPID.invokeExact(state, pid, status, block ? 0 : WNOHANG), state);
            return result == 0 ? Optional.empty() : Optional.of(status.get(JAVA_INT, 0));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("waitpid", t);
        }
    }

    static void kill(int pid, int signal) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            check("kill " + pid, (int) KILL.invokeExact(state, pid, signal), state);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("kill", t);
        }
    }

    /**
     * A program and its arguments, laid out once as C strings for every posix_spawn of it. The
     * memory lives as long as this object (an automatic arena: freed by the GC).
     */
    static final class Command {
        private final MemorySegment path;
        private final MemorySegment argv;
        private final MemorySegment attributes;

        Command(List<String> argv) {
            Arena arena = Arena.ofAuto();
            this.path = arena.allocateFrom(argv.getFirst());
            this.argv = arena.allocate(ADDRESS, argv.size() + 1L); // NULL-terminated char *argv[]
            for (int i = 0; i < argv.size(); i++) {
                this.argv.setAtIndex(ADDRESS, i, arena.allocateFrom(argv.get(i)));
            }
            this.attributes = cleanSignalState(arena);
        }

        /**
         * The child starts with no signal blocked and every signal at its default action, whatever
         * the spawning JVM thread had: an ignored SIGINT (under nohup or {@code &}) or a blocked
         * signal would otherwise be inherited across exec.
         */
        private static MemorySegment cleanSignalState(Arena arena) {
            try {
                MemorySegment attributes = arena.allocate(SPAWNATTR_SIZE, 16);
                MemorySegment none = arena.allocate(SIGSET_SIZE, 16);
                MemorySegment all = arena.allocate(SIGSET_SIZE, 16);
                require("posix_spawnattr_init", (int) SPAWNATTR_INIT.invokeExact(attributes));
                require("sigemptyset", (int) SIGEMPTYSET.invokeExact(none));
                require("sigfillset", (int) SIGFILLSET.invokeExact(all));
                require("posix_spawnattr_setsigmask", (int) SPAWNATTR_SETSIGMASK.invokeExact(attributes, none));
                require("posix_spawnattr_setsigdefault", (int) SPAWNATTR_SETSIGDEFAULT.invokeExact(attributes, all));
                require("posix_spawnattr_setflags", (int) SPAWNATTR_SETFLAGS.invokeExact(attributes,
                        (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)));
                return attributes;
            } catch (Throwable t) {
                throw linkageFailure("posix_spawnattr", t);
            }
        }

        /**
         * Starts the program with {@code stdinFd} as its fd 0, this process's stderr as its fds 1
         * and 2, {@code fd3} (if not -1) as its fd 3, and nothing else open; returns its pid. The
         * environment is this process's.
         */
        int spawn(int stdinFd, int fd3) throws ErrnoException {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 16);
                require("posix_spawn_file_actions_init", (int) FILE_ACTIONS_INIT.invokeExact(actions));
                try {
                    require("posix_spawn_file_actions_adddup2", (int) FILE_ACTIONS_ADDDUP2.invokeExact(actions, stdinFd, 0));
                    require("posix_spawn_file_actions_adddup2", (int) FILE_ACTIONS_ADDDUP2.invokeExact(actions, 2, 1));
                    if (fd3 >= 0) {
                        require("posix_spawn_file_actions_adddup2", (int) FILE_ACTIONS_ADDDUP2.invokeExact(actions, fd3, 3));
                    }
                    if (FILE_ACTIONS_ADDCLOSEFROM.isPresent()) {
                        require("posix_spawn_file_actions_addclosefrom_np",
                                (int) FILE_ACTIONS_ADDCLOSEFROM.get().invokeExact(actions, fd3 >= 0 ? 4 : 3));
                    }
                    MemorySegment pid = arena.allocate(JAVA_INT);
                    int error = (int) POSIX_SPAWN.invokeExact(pid, path, actions, attributes, argv, Environ.POINTER.get(ADDRESS, 0));
                    if (error != 0) {
                        throw new ErrnoException("posix_spawn " + path.getString(0), error);
                    }
                    return pid.get(JAVA_INT, 0);
                } finally {
                    int ignored = (int) FILE_ACTIONS_DESTROY.invokeExact(actions);
                }
            } catch (ErrnoException e) {
                throw e;
            } catch (Throwable t) {
                throw linkageFailure("posix_spawn", t);
            }
        }

        private static void require(String call, int error) throws ErrnoException {
            if (error != 0) {
                throw new ErrnoException(call, error);
            }
        }
    }

    /** libc's {@code char **environ}: the environment this JVM was started with. */
    private static final class Environ {
        static final MemorySegment POINTER = LIBC.find("environ")
                .orElseThrow(() -> new IllegalStateException("libc has no symbol environ"))
                .reinterpret(ADDRESS.byteSize());
    }

    /** struct sockaddr_in and sockaddr_in6, in the byte order the kernel wants (port big-endian). */
    private static final class SockAddr {
        static final long MAX_SIZE = 128; // sizeof(struct sockaddr_storage)

        static MemorySegment encode(Arena arena, InetSocketAddress address) {
            InetAddress ip = address.getAddress();
            if (ip instanceof Inet4Address) {
                MemorySegment sa = arena.allocate(16);
                sa.set(JAVA_SHORT, 0, (short) AF_INET);
                putPort(sa, address.getPort());
                MemorySegment.copy(ip.getAddress(), 0, sa, JAVA_BYTE, 4, 4);
                return sa;
            }
            MemorySegment sa = arena.allocate(28);
            sa.set(JAVA_SHORT, 0, (short) AF_INET6);
            putPort(sa, address.getPort());
            MemorySegment.copy(ip.getAddress(), 0, sa, JAVA_BYTE, 8, 16);
            sa.set(JAVA_INT, 24, ((Inet6Address) ip).getScopeId());
            return sa;
        }

        static InetSocketAddress decode(MemorySegment sa) throws UnknownHostException {
            int family = sa.get(JAVA_SHORT, 0);
            int port = ((sa.get(JAVA_BYTE, 2) & 0xff) << 8)
                    | (sa.get(JAVA_BYTE, 3) & 0xff);
            byte[] ip = family == AF_INET
                    ? sa.asSlice(4, 4).toArray(JAVA_BYTE)
                    : sa.asSlice(8, 16).toArray(JAVA_BYTE);
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        }

        private static void putPort(MemorySegment sa, int port) {
            sa.set(JAVA_BYTE, 2, (byte) (port >>> 8));
            sa.set(JAVA_BYTE, 3, (byte) port);
        }
    }

    // ---- plumbing

    private static int check(String call, int result, MemorySegment state) throws ErrnoException {
        if (result == -1) {
            throw new ErrnoException(call, (int) ERRNO_OF.get(state, 0L));
        }
        return result;
    }

    static String strerror(int errno) {
        try {
            MemorySegment message = (MemorySegment) STRERROR.invokeExact(errno);
            return message.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static IllegalStateException linkageFailure(String call, Throwable cause) {
        return new IllegalStateException(call + " could not be called (is native access enabled?"
                + " --enable-native-access=ALL-UNNAMED)", cause);
    }

    private static MethodHandle withErrno(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, args), ERRNO);
    }

    private static MethodHandle plain(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, args));
    }

    private static Optional<MethodHandle> optional(String name, MemoryLayout result, MemoryLayout... args) {
        return LIBC.find(name).map(symbol -> LINKER.downcallHandle(symbol, FunctionDescriptor.of(result, args)));
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new IllegalStateException("libc has no symbol " + name));
    }
}
