package dev.echotck.kit.engine;

/** Progress of a run, for the console; the final result comes from {@link KitRunner#run}. */
public interface RunListener {

    RunListener SILENT = new RunListener() {
    };

    default void ruleStarted(String ruleId) {
    }

    default void ruleFinished(String ruleId, Verdict verdict, long millis) {
    }
}
