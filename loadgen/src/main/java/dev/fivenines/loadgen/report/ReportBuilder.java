package dev.fivenines.loadgen.report;

import dev.fivenines.loadgen.schedule.RateCurve;
import dev.fivenines.loadgen.stats.LatencySummary;
import dev.fivenines.loadgen.stats.Outcome;
import dev.fivenines.loadgen.stats.SecondSummary;
import dev.fivenines.loadgen.stats.StatsSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns what {@code Stats} measured into a {@link Report}. */
public final class ReportBuilder {
    /** The order a person reads a shop's operations in; anything else follows alphabetically. */
    static final List<String> OPERATION_ORDER = List.of("list", "search", "product", "recommendations", "cart.create",
            "cart.add", "checkout", "order", "shipment");

    private ReportBuilder() {
    }

    /** What the report says about the run itself. */
    public record RunInfo(String scenario, String runId, long seed, String target, Instant startedAt, long durationNanos,
                          boolean sequential) {
    }

    public static Report build(RunInfo run, StatsSnapshot stats, RateCurve curve) {
        double seconds = run.durationNanos() / 1e9;
        Map<String, Report.OpReport> operations = new LinkedHashMap<>();
        for (String op : orderedOperations(stats.ops().keySet())) {
            StatsSnapshot.OpSnapshot s = stats.ops().get(op);
            Map<String, Long> outcomes = new LinkedHashMap<>();
            Map<String, LatencySummary> byOutcome = new LinkedHashMap<>();
            for (Outcome o : Outcome.values()) {
                if (s.byOutcome().containsKey(o)) {
                    outcomes.put(o.key(), s.count(o));
                    byOutcome.put(o.key(), LatencySummary.of(s.byOutcome().get(o)));
                }
            }
            double throughput = seconds <= 0 ? 0 : Math.round(s.count() / seconds * 1000) / 1000.0;
            operations.put(op, new Report.OpReport(s.count(), s.errors(), throughput, outcomes,
                    LatencySummary.of(s.latencyMicros()), LatencySummary.of(s.serviceMicros()), byOutcome));
        }
        List<Report.SecondReport> timeline = new ArrayList<>();
        // The timeline covers the run as it happened (a run stopped early, or a sequential run, is shorter than its curve).
        long lastSecond = Math.max(stats.seconds().size(), (long) Math.ceil(run.durationNanos() / 1e9)) - 1;
        for (long sec = 0; sec <= lastSecond; sec++) {
            double target = run.sequential() ? 0 : Math.round(curve.rateAt(sec * 1_000_000_000L + 500_000_000L) * 1000) / 1000.0;
            if (sec < stats.seconds().size()) {
                SecondSummary s = stats.seconds().get((int) sec);
                timeline.add(new Report.SecondReport(sec, target, s.sessionsStarted(), s.sessionsDropped(), s.all().count(),
                        s.all().errors(), s.all().p50Ms(), s.all().p99Ms(), s.all().maxMs(), sortedOps(s)));
            } else {
                timeline.add(new Report.SecondReport(sec, target, 0, 0, 0, 0, 0, 0, 0, Map.of()));
            }
        }
        Report.Sessions sessions = new Report.Sessions(run.sequential() ? stats.sessionsStarted()
                : Math.round(curve.expectedArrivals() * 10) / 10.0,
                stats.sessionsStarted() + stats.sessionsDropped(), stats.sessionsStarted(), stats.sessionsDropped(),
                stats.sessionsAbandoned(), stats.sessionsFailed());
        return new Report(run.scenario(), run.runId(), run.seed(), run.target(), run.startedAt(),
                Math.round(seconds * 1000) / 1000.0, run.sequential(), sessions, operations, timeline);
    }

    private static Map<String, dev.fivenines.loadgen.stats.OpSecond> sortedOps(SecondSummary s) {
        Map<String, dev.fivenines.loadgen.stats.OpSecond> out = new LinkedHashMap<>();
        for (String op : orderedOperations(s.ops().keySet())) {
            out.put(op, s.ops().get(op));
        }
        return out;
    }

    static List<String> orderedOperations(java.util.Collection<String> ops) {
        List<String> out = new ArrayList<>();
        for (String op : OPERATION_ORDER) {
            if (ops.contains(op)) {
                out.add(op);
            }
        }
        ops.stream().filter(op -> !OPERATION_ORDER.contains(op)).sorted().forEach(out::add);
        return out;
    }
}
