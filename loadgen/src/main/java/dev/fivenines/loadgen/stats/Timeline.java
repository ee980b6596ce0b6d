package dev.fivenines.loadgen.stats;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-second series with bounded memory: a second keeps full histograms only while it is "open"
 * (within {@link #OPEN_SECONDS} of the newest second seen); then it is reduced to a few numbers.
 * Not thread-safe: {@link Stats} guards it.
 */
final class Timeline {
    /** Seconds kept open for stragglers: an exchange read the clock, then waited for the lock. */
    static final long OPEN_SECONDS = 2;
    private static final int DIGITS = 2;

    private final TreeMap<Long, Bucket> open = new TreeMap<>();
    private final TreeMap<Long, SecondSummary> done = new TreeMap<>();
    private long newestSecond = -1;

    private static final class Bucket {
        long started;
        long dropped;
        final Map<String, Histogram> latency = new HashMap<>();
        final Map<String, Long> errors = new HashMap<>();
    }

    void started(long second) {
        SecondSummary s = done.get(second);
        if (s != null) {
            done.put(second, new SecondSummary(second, s.sessionsStarted() + 1, s.sessionsDropped(), s.all(), s.ops()));
            return;
        }
        bucket(second).started++;
    }

    void dropped(long second) {
        SecondSummary s = done.get(second);
        if (s != null) {
            done.put(second, new SecondSummary(second, s.sessionsStarted(), s.sessionsDropped() + 1, s.all(), s.ops()));
            return;
        }
        bucket(second).dropped++;
    }

    void completed(long second, String op, Outcome outcome, long latencyMicros) {
        SecondSummary s = done.get(second);
        if (s != null) {
            Map<String, OpSecond> ops = new HashMap<>(s.ops());
            double ms = latencyMicros / 1_000.0;
            ops.put(op, ops.getOrDefault(op, OpSecond.EMPTY).plusLate(outcome.isError(), ms));
            done.put(second, new SecondSummary(second, s.sessionsStarted(), s.sessionsDropped(),
                    s.all().plusLate(outcome.isError(), ms), ops));
            return;
        }
        Bucket b = bucket(second);
        b.latency.computeIfAbsent(op, k -> new Histogram(DIGITS)).recordValue(Math.max(0, latencyMicros));
        if (outcome.isError()) {
            b.errors.merge(op, 1L, Long::sum);
        }
    }

    private Bucket bucket(long second) {
        if (second > newestSecond) {
            newestSecond = second;
            closeBefore(newestSecond - OPEN_SECONDS);
        }
        return open.computeIfAbsent(second, k -> new Bucket());
    }

    /** Summarises every open second before {@code second}. */
    void closeBefore(long second) {
        for (Iterator<Map.Entry<Long, Bucket>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Bucket> e = it.next();
            if (e.getKey() >= second) {
                break;
            }
            done.put(e.getKey(), summarise(e.getKey(), e.getValue()));
            it.remove();
        }
    }

    private static SecondSummary summarise(long second, Bucket b) {
        Map<String, OpSecond> ops = new HashMap<>();
        Histogram all = new Histogram(DIGITS);
        long allErrors = 0;
        for (Map.Entry<String, Histogram> e : b.latency.entrySet()) {
            long errors = b.errors.getOrDefault(e.getKey(), 0L);
            ops.put(e.getKey(), summarise(e.getValue(), errors));
            all.add(e.getValue());
            allErrors += errors;
        }
        return new SecondSummary(second, b.started, b.dropped, summarise(all, allErrors), ops);
    }

    private static OpSecond summarise(Histogram h, long errors) {
        if (h.getTotalCount() == 0) {
            return OpSecond.EMPTY;
        }
        return new OpSecond(h.getTotalCount(), errors, LatencySummary.ms(h.getValueAtPercentile(50)),
                LatencySummary.ms(h.getValueAtPercentile(99)), LatencySummary.ms(h.getMaxValue()));
    }

    /** The newest second already summarised, if any. */
    SecondSummary latestClosed() {
        return done.isEmpty() ? null : done.lastEntry().getValue();
    }

    /** Closes everything and returns one entry per second from 0 to the last second seen (gaps as zeros). */
    List<SecondSummary> closeAll() {
        closeBefore(Long.MAX_VALUE);
        List<SecondSummary> out = new ArrayList<>();
        long last = done.isEmpty() ? -1 : done.lastKey();
        for (long s = 0; s <= last; s++) {
            SecondSummary summary = done.get(s);
            out.add(summary != null ? summary : new SecondSummary(s, 0, 0, OpSecond.EMPTY, Map.of()));
        }
        return out;
    }
}
