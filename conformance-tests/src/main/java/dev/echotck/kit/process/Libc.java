package dev.echotck.kit.process;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the JDK has no API for, bound once through the FFM linker: kill(2), sysconf(3),
 * and the socket calls that talk netlink to the kernel's sock_diag ({@link TcpDiag}).
 *
 * <p>Handles are built lazily in holder classes so that merely parsing /proc (which only needs
 * {@link #clockTicksPerSecond()} and {@link #pageSize()}) never fails on a JVM that refuses
 * native access: those two fall back to the usual Linux values instead.
 *
 * <p>The restricted-method warning is silenced here, the one place that binds native code; the
 * jar's manifest grants native access (Enable-Native-Access: ALL-UNNAMED).
 */
@SuppressWarnings("restricted")
final class Libc {

    static final int EPERM = 1;
    static final int ESRCH = 3;
    static final int EINVAL = 22;

    // <unistd.h> / <bits/confname.h> values, identical on x86_64 and aarch64 glibc and musl.
    private static final int SC_CLK_TCK = 2;
    private static final int SC_PAGESIZE = 30;

    private static final long DEFAULT_CLOCK_TICKS = 100;
    private static final long DEFAULT_PAGE_SIZE = 4096;

    private Libc() {
    }

    /** Calls kill(2); returns 0 on success, else the errno it set. */
    static int kill(int pid, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = arena.allocate(Kill.CALL_STATE);
            int result = (int) Kill.HANDLE.invokeExact(callState, pid, signal);
            return result == 0 ? 0 : (int) Kill.ERRNO.get(callState, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("kill(" + pid + ", " + signal + ") could not be called"
                    + " (is native access enabled? --enable-native-access=ALL-UNNAMED)", t);
        }
    }

    /** A result of a call that sets errno: the value returned, or -1 and the errno. */
    record Result(long value, int errno) {
        boolean failed() {
            return value < 0;
        }
    }

    /** socket(2). */
    static Result socket(int domain, int type, int protocol) {
        return call(Sockets.SOCKET, "socket", domain, type, protocol);
    }

    /** send(2) of {@code length} bytes of {@code buffer}. */
    static Result send(int fd, MemorySegment buffer, long length, int flags) {
        return call(Sockets.SEND, "send", fd, buffer, length, flags);
    }

    /** recv(2) into {@code buffer}. */
    static Result recv(int fd, MemorySegment buffer, int flags) {
        return call(Sockets.RECV, "recv", fd, buffer, buffer.byteSize(), flags);
    }

    /** close(2); errors are of no use to a caller that is done with the fd. */
    static void close(int fd) {
        call(Sockets.CLOSE, "close", fd);
    }

    private static Result call(MethodHandle handle, String name, Object... args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = arena.allocate(Sockets.CALL_STATE);
            Object[] withState = new Object[args.length + 1];
            withState[0] = callState;
            System.arraycopy(args, 0, withState, 1, args.length);
            long value = ((Number) handle.invokeWithArguments(withState)).longValue();
            return new Result(value, value < 0 ? (int) Sockets.ERRNO.get(callState, 0L) : 0);
        } catch (Throwable t) {
            throw new IllegalStateException(name + " could not be called"
                    + " (is native access enabled? --enable-native-access=ALL-UNNAMED)", t);
        }
    }

    static long clockTicksPerSecond() {
        return Sysconf.CLOCK_TICKS;
    }

    static long pageSize() {
        return Sysconf.PAGE_SIZE;
    }

    private static final class Kill {
        static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(
                symbol("kill"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                // errno must be captured inside the downcall: the JVM may clobber it before we look.
                Linker.Option.captureCallState("errno"));
    }

    private static final class Sockets {
        static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));
        static final MethodHandle SOCKET = withErrno("socket",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        static final MethodHandle SEND = withErrno("send", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        static final MethodHandle RECV = withErrno("recv", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        static final MethodHandle CLOSE = withErrno("close",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

        private static MethodHandle withErrno(String name, FunctionDescriptor descriptor) {
            return Linker.nativeLinker().downcallHandle(symbol(name), descriptor, Linker.Option.captureCallState("errno"));
        }
    }

    private static final class Sysconf {
        static final long CLOCK_TICKS = sysconfOr(SC_CLK_TCK, DEFAULT_CLOCK_TICKS);
        static final long PAGE_SIZE = sysconfOr(SC_PAGESIZE, DEFAULT_PAGE_SIZE);

        private static long sysconfOr(int name, long fallback) {
            try {
                MethodHandle sysconf = Linker.nativeLinker().downcallHandle(
                        symbol("sysconf"), FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
                long value = (long) sysconf.invokeExact(name);
                return value > 0 ? value : fallback;
            } catch (Throwable t) {
                // Native access denied or no libc symbol: the fallback is right on every mainstream Linux.
                return fallback;
            }
        }
    }

    private static MemorySegment symbol(String name) {
        return Linker.nativeLinker().defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("libc has no symbol " + name));
    }
}
