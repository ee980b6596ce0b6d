package dev.fivenines.edge.config;

/** Edge -> upstream client side: retry budget, SRE adaptive throttle, jittered backoff. */
public record TrafficRetry(double budgetRatio, int minRetriesPerSecond, double throttleK, int throttleWindowSeconds,
                           int backoffBaseMillis, int backoffMaxMillis) {
}
