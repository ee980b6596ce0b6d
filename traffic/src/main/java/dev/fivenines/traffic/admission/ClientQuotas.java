package dev.fivenines.traffic.admission;

import dev.fivenines.base.Check;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per-client token buckets: each client may make {@code ratePerSecond} requests per second with
 * bursts up to {@code burst}. Bounded: at most {@code maxClients} buckets are kept; the least
 * recently seen client is forgotten first (it comes back with a full bucket, which errs on the
 * side of serving).
 */
public final class ClientQuotas {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, double[]> buckets; // client -> {tokens, lastRefillNanos}

    public ClientQuotas(double ratePerSecond, int burst, int maxClients, LongSupplier nanoTime) {
        Check.inRange("traffic.clientQuota.ratePerSecond", ratePerSecond, 0.001, 1_000_000.0);
        Check.inRange("traffic.clientQuota.burst", burst, 1, 1_000_000);
        Check.inRange("traffic.clientQuota.maxClients", maxClients, 1, 10_000_000);
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                return size() > maxClients;
            }
        };
    }

    /**
     * Takes one token for {@code clientId}. Returns 0 when allowed, otherwise the whole seconds
     * (at least 1) until a token will be there: the Retry-After to send with the 429.
     */
    public int tryTake(String clientId) {
        long now = nanoTime.getAsLong();
        synchronized (buckets) {
            double[] bucket = buckets.computeIfAbsent(clientId, k -> new double[]{burst, now});
            double elapsedSeconds = Math.max(0, now - (long) bucket[1]) / (double) NANOS_PER_SECOND;
            bucket[0] = Math.min(burst, bucket[0] + elapsedSeconds * ratePerSecond);
            bucket[1] = now;
            if (bucket[0] >= 1.0) {
                bucket[0] -= 1.0;
                return 0;
            }
            double missing = 1.0 - bucket[0];
            return (int) Math.max(1, Math.ceil(missing / ratePerSecond));
        }
    }

    public int trackedClients() {
        synchronized (buckets) {
            return buckets.size();
        }
    }
}
