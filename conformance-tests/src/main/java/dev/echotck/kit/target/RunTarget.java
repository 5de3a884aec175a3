package dev.echotck.kit.target;

/**
 * What one run checks: a server ({@link TargetSpec}, with {@code echotck run}: the kit plays the
 * clients) or a client ({@link ClientSpec}, with {@code echotck run-client}: the kit plays the
 * server). Each travels to the engine as its own configuration parameter.
 */
public sealed interface RunTarget permits TargetSpec, ClientSpec {

    /** A human-readable form for reports. */
    String describe();

    /** The configuration-parameter form; {@code parse} of the same type reads it back. */
    String encode();

    /** The options that select this target, quoted for a POSIX shell: for "rerun this" hints. */
    String cliOptions();

    /** The echotck command that runs rules against this kind of target. */
    default String command() {
        return "run";
    }
}
