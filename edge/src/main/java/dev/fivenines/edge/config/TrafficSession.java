package dev.fivenines.edge.config;

import dev.fivenines.edge.EdgeSessions;

/**
 * The session cookies the edge issues (see {@link EdgeSessions}); each field optional. The signing
 * key is a secret, so it comes from the environment ({@value EdgeSessions#KEY_ENV}), never the file.
 */
public record TrafficSession(Integer ttlSeconds, Integer returningDays, Boolean secure) {
    public static TrafficSession defaults() {
        return new TrafficSession(null, null, null);
    }
}
