package dev.echotck.races;

/**
 * What one probe variant showed in a run.
 *
 * @param probe    the probe, e.g. {@code Topic_01_FdHandoff}
 * @param test     the variant's class in it, e.g. {@code BrokenSharedSlot}
 * @param variant  {@code broken} or {@code fixed}, from the class name
 * @param outcome  what jcstress saw
 * @param evidence the outcomes seen, with their counts, or what went wrong
 */
public record Verdict(String probe, String test, String variant, Outcome outcome, String evidence) {

    public enum Outcome {
        /** An outcome the probe marks as the race (interesting in a broken variant, forbidden in a fixed one) was seen. */
        RACE_SEEN,
        /** Only acceptable outcomes were seen. */
        CLEAN,
        /** jcstress could not run the variant, or it is missing from the results: no verdict. */
        ERROR
    }

    public boolean isBroken() {
        return variant.equals("broken");
    }

    /** A broken variant must show its race; a fixed one must never. */
    public boolean asExpected() {
        return outcome == (isBroken() ? Outcome.RACE_SEEN : Outcome.CLEAN);
    }

    public String expected() {
        return isBroken() ? "RACE_SEEN" : "CLEAN";
    }
}
