package dev.fivenines.traffic.admission;

import dev.fivenines.base.Check;

/**
 * The fixed bulkhead of {@link AdmissionMode#BULKHEAD}: at most {@code maxConcurrent} requests in
 * flight, a newcomer waits at most {@code maxWaitMillis} for one to finish, then gets a 503.
 */
public record BulkheadSettings(int maxConcurrent, int maxWaitMillis) {
    public BulkheadSettings {
        Check.inRange("traffic.admission.bulkhead.maxConcurrent", maxConcurrent, 1, 100_000);
        Check.inRange("traffic.admission.bulkhead.maxWaitMillis", maxWaitMillis, 0, 60_000);
    }

    public static BulkheadSettings defaults() {
        return new BulkheadSettings(64, 100);
    }
}
