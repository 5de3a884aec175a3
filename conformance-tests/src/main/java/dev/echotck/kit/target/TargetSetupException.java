package dev.echotck.kit.target;

/**
 * The server under test could not be brought up (it exited, or never listened). Not a rule
 * verdict: the run stops with a one-line message and exit status 2.
 */
public final class TargetSetupException extends RuntimeException {
    public TargetSetupException(String message) {
        super(message, null, false, false);
    }
}
