package dev.fivenines.traffic.client;

import dev.fivenines.base.Check;
import dev.fivenines.traffic.Criticality;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Client-side adaptive throttling from the Google SRE book (chapter 21): over a sliding window the
 * client counts its requests and the backend's accepts, and rejects locally with probability
 * {@code max(0, (requests - K * accepts) / (requests + 1))}. When the backend is healthy nothing is
 * rejected; when it refuses most work, the client stops sending most of it, without waiting for a
 * round trip to learn the answer again.
 *
 * <p>The edge sends on behalf of many clients, so it keeps one window per end client (the key the
 * caller passes, at most {@code maxClients} of them, the least recently seen forgotten first). In
 * the SRE book every client task throttles itself on what it sees; one window shared by all the
 * edge's clients let one client's refused requests throttle every buyer, checkout included
 * (docs/decisions/015-adaptive-throttle-window-per-client.md). Now the refusals count against the
 * client that drew them; a backend that refuses everyone is still throttled by everyone.
 *
 * <p>{@link Criticality#CRITICAL_PLUS} (checkout) is never throttled while the backend is answering:
 * while any client's request was accepted within one bucket ({@code windowNanos / 12}), the backend
 * is up and its own admission ranks checkout first. When nothing was accepted for that long the
 * backend is down or refusing all, and checkout is throttled like the rest; one that gets through
 * and is accepted lifts that again.
 */
public final class AdaptiveThrottle {
    /** Clients whose windows are kept when the caller does not say. */
    public static final int DEFAULT_MAX_CLIENTS = 10_000;
    private static final int BUCKETS = 12;

    private final double k;
    private final long bucketNanos;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;
    private final Map<String, Window> windows;
    private long lastAcceptNanos;
    private long throttled;

    /** One client's requests and accepts, per bucket of the sliding window. */
    private final class Window {
        private final int[] requests = new int[BUCKETS];
        private final int[] accepts = new int[BUCKETS];
        private long currentBucket;

        Window(long bucket) {
            currentBucket = bucket;
        }

        void advance(long bucket) {
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

        double rejectProbability() {
            long r = 0;
            long a = 0;
            for (int i = 0; i < BUCKETS; i++) {
                r += requests[i];
                a += accepts[i];
            }
            return Math.max(0.0, (r - k * a) / (r + 1.0));
        }
    }

    public AdaptiveThrottle(double k, long windowNanos, LongSupplier nanoTime, DoubleSupplier random) {
        this(k, windowNanos, DEFAULT_MAX_CLIENTS, nanoTime, random);
    }

    public AdaptiveThrottle(double k, long windowNanos, int maxClients, LongSupplier nanoTime, DoubleSupplier random) {
        Check.inRange("traffic.retry.throttleK", k, 1.0, 10.0);
        Check.argument(windowNanos >= BUCKETS, "window must be at least %s ns, was %s", BUCKETS, windowNanos);
        Check.argument(maxClients >= 1, "maxClients must be at least 1, was %s", maxClients);
        this.k = k;
        this.bucketNanos = windowNanos / BUCKETS;
        this.nanoTime = nanoTime;
        this.random = random;
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > maxClients;
            }
        };
        // Nothing known yet: the backend counts as answering until a bucket passes without an accept.
        this.lastAcceptNanos = nanoTime.getAsLong();
    }

    /**
     * True when this request of {@code client} should be rejected locally; a request let through
     * must be {@link #record}ed. Checkout is exempt while the backend answers (see the class comment).
     */
    public synchronized boolean shouldThrottle(String client, Criticality criticality) {
        long now = nanoTime.getAsLong();
        if (criticality == Criticality.CRITICAL_PLUS && answeringLocked(now)) {
            return false;
        }
        Window w = windows.get(client);
        if (w == null) {
            return false;
        }
        w.advance(now / bucketNanos);
        double p = w.rejectProbability();
        if (p > 0 && random.getAsDouble() < p) {
            throttled++;
            return true;
        }
        return false;
    }

    /**
     * The outcome of a request of {@code client} that was sent: accepted unless the backend refused
     * it for load (503, 429) or could not serve it (no answer in time, a failure after sending). An
     * answer that is the client's own fault (another 4xx) is accepted: the backend did its work.
     */
    public synchronized void record(String client, boolean accepted) {
        long now = nanoTime.getAsLong();
        long bucket = now / bucketNanos;
        Window w = windows.computeIfAbsent(client, c -> new Window(bucket));
        w.advance(bucket);
        int i = (int) Math.floorMod(w.currentBucket, BUCKETS);
        w.requests[i]++;
        if (accepted) {
            w.accepts[i]++;
            lastAcceptNanos = now;
        }
    }

    /** The probability that {@code client}'s next request (below CRITICAL_PLUS) is rejected locally. */
    public synchronized double rejectProbability(String client) {
        Window w = windows.get(client);
        if (w == null) {
            return 0.0;
        }
        w.advance(nanoTime.getAsLong() / bucketNanos);
        return w.rejectProbability();
    }

    /** Whether any client's request was accepted within the last bucket. */
    public synchronized boolean answering() {
        return answeringLocked(nanoTime.getAsLong());
    }

    public synchronized long throttled() {
        return throttled;
    }

    public synchronized int trackedClients() {
        return windows.size();
    }

    private boolean answeringLocked(long now) {
        return now - lastAcceptNanos < bucketNanos;
    }
}
