package dev.echotck.kit.bench;

import java.time.Duration;
import java.util.List;

/** Everything an idle bench measured: the machine, every run in the order it ran, a summary per target. */
public record IdleReport(int connections, int rounds, List<BenchTarget> targets, MachineInfo machine, Duration took,
                         List<IdleMeasurement> runs, List<IdleSummary> summaries) {

    /** 0 when every connection of every run was served and stayed; 1 otherwise (turned away, wrong bytes, a dead server). */
    public int exitCode() {
        return summaries.stream().allMatch(IdleSummary::clean) ? BenchReport.OK : BenchReport.WRONG;
    }

    /** "idle, 1000 connections, each echoes one line and stays open". */
    public static String describe(int connections) {
        return "idle, " + connections + (connections == 1 ? " connection" : " connections") + ", each echoes one line and stays open";
    }
}
