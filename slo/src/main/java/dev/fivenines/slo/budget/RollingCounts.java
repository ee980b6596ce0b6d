package dev.fivenines.slo.budget;

import dev.fivenines.base.Check;

import java.time.Duration;
import java.time.Instant;

/**
 * Good/total events in fixed buckets over a bounded span of recent time (a ring: memory is
 * {@code span / bucket} pairs of longs, whatever the traffic). A query counts the buckets that start
 * within it, so its edges are exact to one bucket. Not thread-safe: one writer, or guard it.
 */
public final class RollingCounts {
    private final long bucketMillis;
    private final long[] good;
    private final long[] total;
    private final long[] bucketIndex;

    public RollingCounts(Duration bucket, Duration span) {
        Check.argument(!bucket.isNegative() && !bucket.isZero(), "bucket must be positive, was %s", bucket);
        long n = span.toMillis() / bucket.toMillis();
        Check.argument(n >= 1 && n <= 1_000_000, "span / bucket must be in [1, 1000000], was %s", n);
        this.bucketMillis = bucket.toMillis();
        this.good = new long[(int) n];
        this.total = new long[(int) n];
        this.bucketIndex = new long[(int) n];
        java.util.Arrays.fill(bucketIndex, Long.MIN_VALUE);
    }

    /** Adds events seen at {@code at}; events older than the span are dropped. */
    public void add(Instant at, long goodEvents, long totalEvents) {
        Check.argument(goodEvents >= 0 && totalEvents >= goodEvents, "need 0 <= good <= total, was %s of %s", goodEvents, totalEvents);
        long index = Math.floorDiv(at.toEpochMilli(), bucketMillis);
        int slot = (int) Math.floorMod(index, (long) good.length);
        if (bucketIndex[slot] != index) {
            if (bucketIndex[slot] > index) {
                return; // older than the span
            }
            bucketIndex[slot] = index;
            good[slot] = 0;
            total[slot] = 0;
        }
        good[slot] += goodEvents;
        total[slot] += totalEvents;
    }

    /** The events of the buckets starting in [from, to); what fell out of the span counts nothing. */
    public Counts between(Instant from, Instant to) {
        long first = Math.floorDiv(from.toEpochMilli() + bucketMillis - 1, bucketMillis);
        long last = Math.floorDiv(to.toEpochMilli() - 1, bucketMillis);
        long g = 0;
        long t = 0;
        if (last - first + 1 >= good.length) {
            first = last - good.length + 1;
        }
        for (long i = first; i <= last; i++) {
            int slot = (int) Math.floorMod(i, (long) good.length);
            if (bucketIndex[slot] == i) {
                g += good[slot];
                t += total[slot];
            }
        }
        return new Counts(g, t);
    }
}
