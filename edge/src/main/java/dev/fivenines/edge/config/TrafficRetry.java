package dev.fivenines.edge.config;

/** Edge -> upstream client side: retry budget, SRE adaptive throttle, jittered backoff. */
public record TrafficRetry(double budgetRatio, int minRetriesPerSecond, double throttleK, int throttleWindowSeconds,
                           int backoffBaseMillis, int backoffMaxMillis) {
    public static final double DEFAULT_BUDGET_RATIO = 0.1;
    public static final int DEFAULT_MIN_RETRIES_PER_SECOND = 5;
    public static final double DEFAULT_THROTTLE_K = 2.0;
    public static final int DEFAULT_THROTTLE_WINDOW_SECONDS = 60;
    public static final int DEFAULT_BACKOFF_BASE_MILLIS = 5;
    public static final int DEFAULT_BACKOFF_MAX_MILLIS = 100;

    public static TrafficRetry defaults() {
        return new TrafficRetry(DEFAULT_BUDGET_RATIO, DEFAULT_MIN_RETRIES_PER_SECOND, DEFAULT_THROTTLE_K,
                DEFAULT_THROTTLE_WINDOW_SECONDS, DEFAULT_BACKOFF_BASE_MILLIS, DEFAULT_BACKOFF_MAX_MILLIS);
    }
}
