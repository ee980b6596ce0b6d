package dev.fivenines.traffic.admission;

/** Why a request was not admitted. */
public enum RejectReason {
    /** An operator (or the autopilot) set a shedding level above this request's class. */
    FORCED_SHED,
    /** The client is over its own quota: a 429, not an overload. */
    CLIENT_QUOTA,
    /** No slot and no room to wait: the class's queue is full of more valuable requests. */
    QUEUE_FULL,
    /** A more valuable request of the same class took this one's place in a full queue. */
    EVICTED,
    /** Waited longer than the deadline (CoDel target when the queue is standing); dropped before work started. */
    QUEUE_TIMEOUT,
    /** No slot and queueing is off. */
    LIMIT,
    /** {@link AdmissionMode#BULKHEAD}: the fixed bulkhead stayed full for its whole wait. */
    BULKHEAD_FULL,
    /**
     * The edge's client-side throttle: the upstream refused most of this client's recent requests
     * (decided at the edge, before admission; never checkout while the upstream answers).
     */
    CLIENT_THROTTLE,
    /**
     * Admitted, but no upstream instance could take it: every one drained, unreachable, or failed
     * with the retry budget spent, or the edge is stopping. Counted after the admission decision.
     */
    NO_UPSTREAM
}
