package dev.echotck.spec;

/** How binding a rule is, in RFC 2119 terms: a failed MUST fails the run, a failed SHOULD only with --strict. */
public enum Level {
    MUST,
    SHOULD
}
