package dev.echotck.kit.process;

import java.util.List;
import java.util.Locale;

/**
 * Sends signals with kill(2) and names them in evidence.
 *
 * <p>Why kill(2) through FFM: {@link Process#destroy()} can only send SIGTERM or SIGKILL, while the
 * rules also need SIGINT, SIGHUP, SIGPIPE, SIGURG, SIGWINCH and friends (the last two interrupt
 * blocking calls with EINTR in servers that install handlers), and a process group as target.
 *
 * <p>Numbers are Linux's on x86_64 and aarch64 (the asm-generic table); alpha, mips, parisc and
 * sparc number some differently and are not supported.
 */
public final class Signals {

    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGUSR2 = 12;
    public static final int SIGPIPE = 13;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGURG = 23;
    public static final int SIGWINCH = 28;

    /** Index = signal number; real-time signals (32 and up) have no fixed name. */
    private static final List<String> NAMES = List.of("",
            "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
            "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
            "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
            "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS");

    private static final int MAX_SIGNAL = 64;

    private Signals() {
    }

    /**
     * Sends {@code signal} to process {@code pid}. Signal 0 sends nothing and only checks that the
     * process exists (a zombie still does).
     *
     * @return true if sent, false if there is no such process (ESRCH)
     * @throws IllegalArgumentException for pid 0 or below (kill(2) would then hit whole groups, or
     *                                  every process we may signal), this JVM's own pid, or a bad signal
     * @throws IllegalStateException    if the kernel refuses (EPERM: another user's process)
     */
    public static boolean send(long pid, int signal) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pid must be a positive pid_t, got " + pid);
        }
        if (pid == ProcessHandle.current().pid()) {
            throw new IllegalArgumentException("refusing to signal the kit's own JVM (pid " + pid + ")");
        }
        return kill((int) pid, signal, "pid " + pid);
    }

    public static boolean send(long pid, String signal) {
        return send(pid, number(signal));
    }

    /**
     * Sends {@code signal} to every process in group {@code pgid} (kill(-pgid, sig)), so that a
     * server's workers are reached too. Only useful for a process started as a group leader
     * (e.g. through setsid): by default a child shares the kit's group.
     *
     * @return true if sent, false if the group has no members left (ESRCH)
     * @throws IllegalArgumentException for pgid 1 or below, or the kit's own group, which a child
     *                                  launched without setsid shares and whose signal would kill us
     */
    public static boolean sendToGroup(long pgid, int signal) {
        if (pgid <= 1 || pgid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pgid must be a pid_t above 1, got " + pgid);
        }
        long ownGroup = ProcStat.read(ProcessHandle.current().pid()).map(ProcStat::pgrp).orElse(-1L);
        if (pgid == ownGroup) {
            throw new IllegalArgumentException("refusing to signal the kit's own process group " + pgid);
        }
        return kill((int) -pgid, signal, "process group " + pgid);
    }

    /** Accepts "SIGTERM", "TERM", "term" or "15". */
    public static int number(String signal) {
        String upper = signal.strip().toUpperCase(Locale.ROOT);
        if (!upper.isEmpty() && upper.chars().allMatch(Character::isDigit)) {
            return checked(Integer.parseInt(upper));
        }
        int index = NAMES.indexOf(upper.startsWith("SIG") ? upper : "SIG" + upper);
        if (index <= 0) {
            throw new IllegalArgumentException("unknown signal name: " + signal);
        }
        return index;
    }

    /** "SIGTERM", or "signal 40" for a real-time signal. */
    public static String name(int signal) {
        return signal > 0 && signal < NAMES.size() ? NAMES.get(signal) : "signal " + signal;
    }

    /**
     * Reads an exited process's status for evidence: "exited with status 0", "killed by SIGTERM
     * (status 143)". Java reports a death by signal n as 128 + n, so a process that itself called
     * exit(143) reads the same; shells and the JVM also exit 128 + n after a signal.
     */
    public static String describeExit(Process process) {
        if (process.isAlive()) {
            return "still running";
        }
        return describeExitValue(process.exitValue());
    }

    public static String describeExitValue(int exitValue) {
        int signal = exitValue - 128;
        if (signal >= 1 && signal <= MAX_SIGNAL) {
            return "killed by " + name(signal) + " (status " + exitValue + ")";
        }
        return "exited with status " + exitValue;
    }

    private static boolean kill(int target, int signal, String what) {
        int errno = Libc.kill(target, checked(signal));
        return switch (errno) {
            case 0 -> true;
            case Libc.ESRCH -> false;
            case Libc.EPERM -> throw new IllegalStateException(
                    "not permitted to send " + name(signal) + " to " + what + " (EPERM)");
            case Libc.EINVAL -> throw new IllegalArgumentException("invalid signal " + signal + " (EINVAL)");
            default -> throw new IllegalStateException(
                    "kill of " + what + " with " + name(signal) + " failed, errno " + errno);
        };
    }

    private static int checked(int signal) {
        if (signal < 0 || signal > MAX_SIGNAL) {
            throw new IllegalArgumentException("signal must be 0.." + MAX_SIGNAL + ", got " + signal);
        }
        return signal;
    }
}
