package dev.fivenines.traffic.admission;

/**
 * The result of asking for admission: a value, never an exception, because rejecting is the
 * normal business of an overloaded node.
 */
public sealed interface Decision {
    /** Admitted: the caller must call {@link Permit#release(Outcome)} exactly once when done. */
    record Admitted(Permit permit) implements Decision {
    }

    /** Not admitted; see {@link Rejection#explain()}. */
    record Rejected(Rejection rejection) implements Decision {
    }

    /** Waiting for a slot (only from {@link AdmissionController#offer}); resolves to one of the above. */
    record Queued(AdmissionController.Waiter waiter) implements Decision {
    }
}
