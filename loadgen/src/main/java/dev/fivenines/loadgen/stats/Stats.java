package dev.fivenines.loadgen.stats;

import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything measured during a run, thread-safe. Latency is recorded twice per operation: from
 * the intended start (what a user arriving on schedule experienced, corrected for coordinated
 * omission) and from the moment the request was actually sent (the service time alone). Reports
 * lead with the first; the gap between the two shows how late the generator or a stalled server made things.
 *
 * <p>A {@link ReentrantLock} rather than {@code synchronized}: on Java 21 a virtual thread blocked in a
 * synchronized block pins its carrier thread.
 */
public final class Stats {
    /** Histograms keep 3 significant digits (0.1% error) and resize as large values arrive. */
    static final int DIGITS = 3;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, OpStats> ops = new TreeMap<>();
    private final Timeline timeline = new Timeline();
    private final EnumMap<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    private long sessionsStarted;
    private long sessionsDropped;
    private long sessionsAbandoned;
    private long sessionsFailed;

    private static final class OpStats {
        final Histogram latency = new Histogram(DIGITS);
        final Histogram service = new Histogram(DIGITS);
        final EnumMap<Outcome, Histogram> byOutcome = new EnumMap<>(Outcome.class);
    }

    /**
     * Records one completed operation.
     *
     * @param latencyMicros  from the intended start to the end
     * @param serviceMicros  from when the request was actually sent to the end
     * @param endOffsetNanos when it completed, from the run's start (places it on the timeline)
     */
    public void record(String op, Outcome outcome, long latencyMicros, long serviceMicros, long endOffsetNanos) {
        long latency = Math.max(0, latencyMicros);
        lock.lock();
        try {
            OpStats s = ops.computeIfAbsent(op, k -> new OpStats());
            s.latency.recordValue(latency);
            s.service.recordValue(Math.max(0, serviceMicros));
            s.byOutcome.computeIfAbsent(outcome, k -> new Histogram(DIGITS)).recordValue(latency);
            outcomes.merge(outcome, 1L, Long::sum);
            timeline.completed(second(endOffsetNanos), op, outcome, latency);
        } finally {
            lock.unlock();
        }
    }

    public void sessionStarted(long intendedOffsetNanos) {
        lock.lock();
        try {
            sessionsStarted++;
            timeline.started(second(intendedOffsetNanos));
        } finally {
            lock.unlock();
        }
    }

    /** An arrival that found the in-flight cap full: the generator, not the shop, failed to send it. */
    public void sessionDropped(long intendedOffsetNanos) {
        lock.lock();
        try {
            sessionsDropped++;
            timeline.dropped(second(intendedOffsetNanos));
        } finally {
            lock.unlock();
        }
    }

    /** A session cut off because the run was stopping. */
    public void sessionAbandoned() {
        lock.lock();
        try {
            sessionsAbandoned++;
        } finally {
            lock.unlock();
        }
    }

    /** A session that ended on an unexpected exception in the generator itself (logged where it happened). */
    public void sessionFailed() {
        lock.lock();
        try {
            sessionsFailed++;
        } finally {
            lock.unlock();
        }
    }

    private static long second(long offsetNanos) {
        return Math.max(0, offsetNanos) / 1_000_000_000L;
    }

    /** Cheap figures for the live progress line; summarises seconds older than {@code nowOffsetNanos} - 2 s. */
    public Progress progress(long nowOffsetNanos) {
        lock.lock();
        try {
            timeline.closeBefore(second(nowOffsetNanos) - Timeline.OPEN_SECONDS);
            SecondSummary last = timeline.latestClosed();
            EnumMap<Outcome, Long> errors = new EnumMap<>(Outcome.class);
            outcomes.forEach((o, n) -> {
                if (o.isError()) {
                    errors.put(o, n);
                }
            });
            return new Progress(sessionsStarted, sessionsDropped, last == null ? 0 : last.sessionsStarted(),
                    last == null ? 0 : last.all().p99Ms(), errors);
        } finally {
            lock.unlock();
        }
    }

    /** Live figures: totals so far and the last summarised second. */
    public record Progress(long sessionsStarted, long sessionsDropped, long lastSecondStarted, double lastSecondP99Ms,
                           Map<Outcome, Long> errors) {
    }

    /** Copies everything out for the report; closes the timeline (call once, after the run). */
    public StatsSnapshot snapshot() {
        lock.lock();
        try {
            Map<String, StatsSnapshot.OpSnapshot> copy = new LinkedHashMap<>();
            ops.forEach((op, s) -> {
                Map<Outcome, Histogram> byOutcome = new EnumMap<>(Outcome.class);
                s.byOutcome.forEach((o, h) -> byOutcome.put(o, h.copy()));
                copy.put(op, new StatsSnapshot.OpSnapshot(s.latency.copy(), s.service.copy(), byOutcome));
            });
            List<SecondSummary> seconds = timeline.closeAll();
            return new StatsSnapshot(copy, seconds, sessionsStarted, sessionsDropped, sessionsAbandoned, sessionsFailed);
        } finally {
            lock.unlock();
        }
    }
}
