package dev.echotck.kit.target;

/**
 * How a fresh server is started.
 *
 * @param fdLimit     when positive, RLIMIT_NOFILE for the server (soft and hard), set with prlimit
 * @param steadyState for {@code echotck bench}: a Java server (reference or mutant) runs with the
 *                    JVM's own defaults, both JIT compilers included, as a user's server would in
 *                    production; otherwise with flags for a fast start (the rules start many short-lived
 *                    servers, and C2 would warm up long after most of them are gone)
 */
public record LaunchOptions(int fdLimit, boolean steadyState) {

    public static final LaunchOptions DEFAULT = new LaunchOptions(0, false);
    public static final LaunchOptions BENCH = new LaunchOptions(0, true);

    public LaunchOptions(int fdLimit) {
        this(fdLimit, false);
    }
}
