package dev.fivenines.edge.config;

/**
 * Within-class ranking by a session's predicted chance to buy (online logistic regression on
 * the sessions the edge sees, keyed by the session cookie the edge issues); a session quiet this
 * long without buying is a negative example.
 */
public record TrafficValue(boolean enabled, int sessionWindowSeconds, int maxSessions, double learningRate) {
}
