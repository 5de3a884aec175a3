package dev.echotck.kit.engine;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code ServerUnderTest} parameter: this check gets a server of its own, started for it and
 * stopped after it, because the check stops, kills or exhausts it (SHUT, ROB-5) or needs a clean
 * baseline (HYG). Needs a target the kit launches; for {@code --connect} the check is skipped.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Fresh {

    /** When positive, the server starts with at most this many open files (RLIMIT_NOFILE, via prlimit). */
    int fdLimit() default 0;
}
