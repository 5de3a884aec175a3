package dev.echotck.kit.bench;

import java.time.Duration;
import java.util.List;

/**
 * Everything a bench measured: the load, the machine, every run in the order it ran, and a
 * summary per target and generator.
 */
public record BenchReport(Load load, int rounds, List<BenchTarget> targets, List<String> generators, MachineInfo machine,
                          Duration took, List<Measurement> runs, List<Summary> summaries) {

    public static final int OK = 0;
    public static final int WRONG = 1;

    /** 0 when every run was clean; 1 when a server echoed wrong bytes, dropped or starved connections, or died. */
    public int exitCode() {
        return summaries.stream().allMatch(Summary::clean) ? OK : WRONG;
    }

    /** Whether summaries name their generator: only when several were compared. */
    public boolean showsGenerator() {
        return generators.size() > 1;
    }
}
