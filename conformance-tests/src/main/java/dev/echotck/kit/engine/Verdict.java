package dev.echotck.kit.engine;

/** The verdict on one rule. ERROR means the kit itself failed to check it, never the server. */
public enum Verdict {
    PASS,
    FAIL,
    SKIP,
    ERROR;

    /** When a rule has several checks: a failure wins, then an error, then a pass; all skipped is a skip. */
    Verdict combine(Verdict other) {
        for (Verdict strongest : new Verdict[] {FAIL, ERROR, PASS}) {
            if (this == strongest || other == strongest) {
                return strongest;
            }
        }
        return SKIP;
    }
}
