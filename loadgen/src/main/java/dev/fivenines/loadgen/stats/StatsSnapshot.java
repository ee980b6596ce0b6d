package dev.fivenines.loadgen.stats;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/** Everything measured, copied out of {@link Stats} after the run; the report is built from it. */
public record StatsSnapshot(Map<String, OpSnapshot> ops, List<SecondSummary> seconds, long sessionsStarted,
                            long sessionsDropped, long sessionsAbandoned, long sessionsFailed) {

    /** One operation: latency from intended start, service time, and latency per outcome class. */
    public record OpSnapshot(Histogram latencyMicros, Histogram serviceMicros, Map<Outcome, Histogram> byOutcome) {
        public long count() {
            return latencyMicros.getTotalCount();
        }

        public long count(Outcome outcome) {
            Histogram h = byOutcome.get(outcome);
            return h == null ? 0 : h.getTotalCount();
        }

        public long errors() {
            return byOutcome.entrySet().stream().filter(e -> e.getKey().isError())
                    .mapToLong(e -> e.getValue().getTotalCount()).sum();
        }
    }
}
