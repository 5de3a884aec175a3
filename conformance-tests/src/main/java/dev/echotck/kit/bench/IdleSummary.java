package dev.echotck.kit.bench;

import java.util.List;

/**
 * One target of an idle bench over its rounds: medians of the clean runs, so that one run
 * disturbed by the machine's other users does not decide.
 *
 * @param pssPerConnection     median PSS growth per connection in bytes; NaN if no run was clean
 * @param rssPerConnection     the same from RSS
 * @param threadsPerConnection median OS threads gained per connection; NaN if no run was clean
 * @param processesPerConnection median processes gained per connection
 * @param threadsBefore        median OS threads of the tree before the connections, after them
 * @param processesBefore      median processes of the tree before the connections, after them
 */
public record IdleSummary(String target, List<IdleMeasurement> runs, double pssPerConnection, double rssPerConnection,
                          double threadsPerConnection, double processesPerConnection,
                          long threadsBefore, long threadsAfter, long processesBefore, long processesAfter) {

    public boolean clean() {
        return runs.stream().allMatch(IdleMeasurement::clean);
    }

    public List<String> problems() {
        return runs.stream().flatMap(m -> m.problems().stream().map(p -> "round " + m.round() + ": " + p)).limit(8).toList();
    }

    static IdleSummary of(List<IdleMeasurement> runs) {
        List<IdleMeasurement> clean = runs.stream().filter(IdleMeasurement::clean).toList();
        List<IdleMeasurement> measured = runs.stream().filter(m -> m.before() != null && m.after() != null).toList();
        return new IdleSummary(runs.getFirst().target(), List.copyOf(runs),
                Summary.median(clean, IdleMeasurement::pssPerConnection),
                Summary.median(clean, IdleMeasurement::rssPerConnection),
                Summary.median(clean, IdleMeasurement::threadsPerConnection),
                Summary.median(clean, IdleMeasurement::processesPerConnection),
                Summary.medianLong(measured, m -> m.before().footprint().threads()),
                Summary.medianLong(measured, m -> m.after().footprint().threads()),
                Summary.medianLong(measured, m -> m.before().footprint().processes()),
                Summary.medianLong(measured, m -> m.after().footprint().processes()));
    }
}
