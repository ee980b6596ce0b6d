package dev.fivenines.traffic.admission;

import dev.fivenines.traffic.Criticality;

import java.util.Locale;

/**
 * A shed decision with everything needed to explain it: which class, its value score, whether its
 * session was under way, the limit and load at that moment, how long it waited, and when the client
 * should come back.
 */
public record Rejection(RejectReason reason, Criticality criticality, double valueScore, String label, int limit,
                        int inflight, long queuedNanos, int retryAfterSeconds, boolean sessionUnderWay) {

    /** A rejection of a request whose session had nothing admitted yet (or that had no session). */
    public Rejection(RejectReason reason, Criticality criticality, double valueScore, String label, int limit,
                     int inflight, long queuedNanos, int retryAfterSeconds) {
        this(reason, criticality, valueScore, label, limit, inflight, queuedNanos, retryAfterSeconds, false);
    }

    public boolean isClientQuota() {
        return reason == RejectReason.CLIENT_QUOTA;
    }

    public String explain() {
        return String.format(Locale.ROOT,
                "shed %s reason=%s class=%s score=%.3f session=%s limit=%d inflight=%d queued_ms=%.1f retry_after_s=%d",
                label.isEmpty() ? "request" : label, reason, criticality, valueScore, sessionUnderWay ? "under-way" : "new",
                limit, inflight, queuedNanos / 1e6, retryAfterSeconds);
    }
}
