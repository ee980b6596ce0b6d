package dev.fivenines.edge;

import dev.fivenines.base.Check;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The latency of the checkouts this edge forwarded, as the client saw it from the edge (queueing in
 * admission included), over a sliding window of {@code windowSeconds} one-second buckets: what the
 * console's traffic panel charts. A window, not a running total, so every poller (two browser tabs,
 * a script) reads the same recent figure and none resets it for the others. Checkouts are a few
 * hundred a second at most, so one lock is cheap here.
 */
public final class CheckoutLatency {
    public static final int DEFAULT_WINDOW_SECONDS = 10;
    /** Longer than any deadline on the checkout path; a longer sample is clamped, not lost. */
    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);
    private static final long BUCKET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LongSupplier nanoTime;
    private final Histogram[] buckets;
    private final long[] bucketSecond;
    private final long[] errors;

    /** @param windowSeconds how many seconds of checkouts a snapshot covers, in [1, 300] */
    public CheckoutLatency(int windowSeconds, LongSupplier nanoTime) {
        Check.inRange("windowSeconds", windowSeconds, 1, 300);
        this.nanoTime = nanoTime;
        this.buckets = new Histogram[windowSeconds];
        this.bucketSecond = new long[windowSeconds];
        this.errors = new long[windowSeconds];
        for (int i = 0; i < windowSeconds; i++) {
            buckets[i] = new Histogram(HIGHEST_MICROS, 2);
            bucketSecond[i] = Long.MIN_VALUE;
        }
    }

    /** When a checkout starts, on this window's clock: give it back to {@link #finished}. */
    public long start() {
        return nanoTime.getAsLong();
    }

    /** One checkout that {@link #start started} at {@code startNanos} was answered; {@code failed}: a 5xx. */
    public synchronized void finished(long startNanos, boolean failed) {
        long now = nanoTime.getAsLong();
        long latencyNanos = now - startNanos;
        int i = bucketFor(now / BUCKET_NANOS);
        long micros = Math.max(0, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
        buckets[i].recordValue(micros);
        if (failed) {
            errors[i]++;
        }
    }

    /**
     * The window as the admin API shows it: {@code windowSeconds}, {@code count}, {@code failed}, and
     * {@code p50Millis}, {@code p95Millis}, {@code p99Millis}, {@code maxMillis} (null when no checkout ran).
     */
    public synchronized Map<String, Object> snapshot() {
        long nowSecond = nanoTime.getAsLong() / BUCKET_NANOS;
        Histogram merged = new Histogram(HIGHEST_MICROS, 2);
        long failed = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (bucketSecond[i] > nowSecond - buckets.length) {
                merged.add(buckets[i]);
                failed += errors[i];
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("windowSeconds", buckets.length);
        body.put("count", merged.getTotalCount());
        body.put("failed", failed);
        boolean any = merged.getTotalCount() > 0;
        body.put("p50Millis", any ? millis(merged.getValueAtPercentile(50)) : null);
        body.put("p95Millis", any ? millis(merged.getValueAtPercentile(95)) : null);
        body.put("p99Millis", any ? millis(merged.getValueAtPercentile(99)) : null);
        body.put("maxMillis", any ? millis(merged.getMaxValue()) : null);
        return body;
    }

    /** The bucket of {@code second}, emptied first if it still holds an older second. */
    private int bucketFor(long second) {
        int i = (int) Math.floorMod(second, (long) buckets.length);
        if (bucketSecond[i] != second) {
            buckets[i].reset();
            errors[i] = 0;
            bucketSecond[i] = second;
        }
        return i;
    }

    private static double millis(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
