package dev.fivenines.edge.config;

/** Per client (remote address) token bucket; over it, 429 + Retry-After. */
public record TrafficClientQuota(boolean enabled, double ratePerSecond, int burst, int maxClients) {
    public static final double DEFAULT_RATE_PER_SECOND = 1_000;
    public static final int DEFAULT_BURST = 2_000;
    public static final int DEFAULT_MAX_CLIENTS = 100_000;

    /** On, at {@value #DEFAULT_RATE_PER_SECOND}/s with a burst of {@value #DEFAULT_BURST}, for up to {@value #DEFAULT_MAX_CLIENTS} clients. */
    public static TrafficClientQuota defaults() {
        return new TrafficClientQuota(true, DEFAULT_RATE_PER_SECOND, DEFAULT_BURST, DEFAULT_MAX_CLIENTS);
    }
}
