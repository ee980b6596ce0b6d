package dev.fivenines.traffic.admission;

/** How an admitted request ended; tells the adaptive limit what it learned. */
public enum Outcome {
    /** Served (any status the upstream chose): its latency is a sample. */
    SUCCESS,
    /** The upstream was overloaded or timed out: the limit should back off. */
    DROPPED,
    /** Ended without saying anything about capacity (client went away, failed before sending). */
    IGNORED
}
