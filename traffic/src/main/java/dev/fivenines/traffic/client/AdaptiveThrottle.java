package dev.fivenines.traffic.client;

import dev.fivenines.base.Check;

import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Client-side adaptive throttling from the Google SRE book (chapter 21): over a sliding window the
 * client counts its requests and the backend's accepts, and rejects locally with probability
 * {@code max(0, (requests - K * accepts) / (requests + 1))}. When the backend is healthy nothing is
 * rejected; when it refuses most work, the client stops sending most of it, without waiting for a
 * round trip to learn the answer again.
 */
public final class AdaptiveThrottle {
    private static final int BUCKETS = 12;

    private final double k;
    private final long bucketNanos;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;
    private final long[] requests = new long[BUCKETS];
    private final long[] accepts = new long[BUCKETS];
    private long currentBucket;
    private long throttled;

    public AdaptiveThrottle(double k, long windowNanos, LongSupplier nanoTime, DoubleSupplier random) {
        Check.inRange("traffic.retry.throttleK", k, 1.0, 10.0);
        Check.argument(windowNanos >= BUCKETS, "window must be at least %s ns, was %s", BUCKETS, windowNanos);
        this.k = k;
        this.bucketNanos = windowNanos / BUCKETS;
        this.nanoTime = nanoTime;
        this.random = random;
        this.currentBucket = nanoTime.getAsLong() / bucketNanos;
    }

    /** True when this request should be rejected locally; a request let through must be {@link #record}ed. */
    public synchronized boolean shouldThrottle() {
        advance();
        double p = rejectProbabilityLocked();
        if (p > 0 && random.getAsDouble() < p) {
            throttled++;
            return true;
        }
        return false;
    }

    /** The outcome of a request that was sent: accepted unless the backend refused or could not serve it. */
    public synchronized void record(boolean accepted) {
        advance();
        int i = (int) Math.floorMod(currentBucket, BUCKETS);
        requests[i]++;
        if (accepted) {
            accepts[i]++;
        }
    }

    public synchronized double rejectProbability() {
        advance();
        return rejectProbabilityLocked();
    }

    public synchronized long throttled() {
        return throttled;
    }

    private double rejectProbabilityLocked() {
        long r = 0;
        long a = 0;
        for (int i = 0; i < BUCKETS; i++) {
            r += requests[i];
            a += accepts[i];
        }
        return Math.max(0.0, (r - k * a) / (r + 1.0));
    }

    private void advance() {
        long bucket = nanoTime.getAsLong() / bucketNanos;
        long steps = Math.min(BUCKETS, bucket - currentBucket);
        for (long s = 1; s <= steps; s++) {
            int i = (int) Math.floorMod(currentBucket + s, BUCKETS);
            requests[i] = 0;
            accepts[i] = 0;
        }
        if (bucket > currentBucket) {
            currentBucket = bucket;
        }
    }
}
