package dev.fivenines.edge.config;

/**
 * Within-class ranking by a session's predicted chance to buy (online logistic regression on
 * the sessions the edge sees, keyed by the session cookie the edge issues); a session quiet this
 * long without buying is a negative example.
 */
public record TrafficValue(boolean enabled, int sessionWindowSeconds, int maxSessions, double learningRate) {
    public static final int DEFAULT_SESSION_WINDOW_SECONDS = 120;
    public static final int DEFAULT_MAX_SESSIONS = 100_000;
    public static final double DEFAULT_LEARNING_RATE = 0.2;

    /** On, with the window, session bound and learning rate named above. */
    public static TrafficValue defaults() {
        return new TrafficValue(true, DEFAULT_SESSION_WINDOW_SECONDS, DEFAULT_MAX_SESSIONS, DEFAULT_LEARNING_RATE);
    }
}
