package dev.echotck.kit.target;

/**
 * How a fresh server is started.
 *
 * @param fdLimit when positive, RLIMIT_NOFILE for the server (soft and hard), set with prlimit
 */
public record LaunchOptions(int fdLimit) {

    public static final LaunchOptions DEFAULT = new LaunchOptions(0);
}
