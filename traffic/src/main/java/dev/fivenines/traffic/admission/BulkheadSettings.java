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

    public static final int DEFAULT_MAX_CONCURRENT = 64;
    public static final int DEFAULT_MAX_WAIT_MILLIS = 100;

    public static BulkheadSettings defaults() {
        return new BulkheadSettings(DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_WAIT_MILLIS);
    }

    /** {@code maxConcurrent} in flight, the default wait. */
    public static BulkheadSettings of(int maxConcurrent) {
        return new BulkheadSettings(maxConcurrent, DEFAULT_MAX_WAIT_MILLIS);
    }

    /** The same in-flight cap, newcomers waiting {@code maxWaitMillis}. */
    public BulkheadSettings withMaxWaitMillis(int maxWaitMillis) {
        return new BulkheadSettings(maxConcurrent, maxWaitMillis);
    }
}
