package dev.fivenines.loadgen.report;

import dev.fivenines.loadgen.stats.LatencySummary;
import dev.fivenines.loadgen.stats.OpSecond;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The run's report, as written to report.json. Latencies are milliseconds; "latencyMs" runs from
 * each operation's intended start (coordinated-omission corrected) and "serviceMs" from when the
 * request was actually sent; the difference is time the user waited that the server never saw.
 */
public record Report(String scenario, String runId, long seed, String target, Instant startedAt, double durationSeconds,
                     boolean sequential, Sessions sessions, Map<String, OpReport> operations, List<SecondReport> timeline) {

    /**
     * @param expected sessions the rate curve asked for (its integral); {@code scheduled} = started + dropped
     */
    public record Sessions(double expected, long scheduled, long started, long droppedByGenerator, long abandoned,
                           long failedInGenerator) {
    }

    /** One operation over the whole run. {@code throughputPerSecond} is completions over the run's duration. */
    public record OpReport(long count, long errors, double throughputPerSecond, Map<String, Long> outcomes,
                           LatencySummary latencyMs, LatencySummary serviceMs, Map<String, LatencySummary> latencyMsByOutcome) {
    }

    /**
     * One second: the rate the scenario asked for, sessions started and dropped (by intended start),
     * operations completed (all and per operation) with their latency.
     */
    public record SecondReport(long second, double targetRate, long sessionsStarted, long sessionsDropped, long completed,
                               long errors, double p50Ms, double p99Ms, double maxMs, Map<String, OpSecond> ops) {
    }
}
