package dev.fivenines.edge.config;

/** Per client (remote address) token bucket; over it, 429 + Retry-After. */
public record TrafficClientQuota(boolean enabled, double ratePerSecond, int burst, int maxClients) {
}
