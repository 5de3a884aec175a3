package dev.echotck.kit.target;

/** The user asked for a target that cannot be: reported as one line, exit status 2. */
public final class BadTargetException extends IllegalArgumentException {
    public BadTargetException(String message) {
        super(message);
    }
}
