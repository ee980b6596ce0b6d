package dev.fivenines.traffic.admission;

import dev.fivenines.traffic.Criticality;

import java.util.Objects;

/**
 * What admission knows about one request.
 *
 * @param criticality    its class
 * @param valueScore     predicted value within the class, in [0, 1]; higher is kept longer
 * @param label          what to print when explaining a decision (e.g. "POST /api/v1/checkout")
 * @param sessionUnderWay the request's session already had a request admitted: within its class it
 *                       goes before every request of a session not yet admitted, whatever their
 *                       scores, because shedding it wastes the work already done for the session
 *                       (session-based admission control: under overload, refuse new sessions at the
 *                       door rather than sessions half-way to the cart)
 */
public record Ticket(Criticality criticality, double valueScore, String label, boolean sessionUnderWay) {
    public static final double NEUTRAL_VALUE = 0.5;

    public Ticket {
        Objects.requireNonNull(criticality, "criticality");
        if (!(valueScore >= 0.0 && valueScore <= 1.0)) {
            throw new IllegalArgumentException("valueScore must be in [0, 1], was " + valueScore);
        }
        label = label == null ? "" : label;
    }

    /** A request of no session, or of a session with nothing admitted yet. */
    public Ticket(Criticality criticality, double valueScore, String label) {
        this(criticality, valueScore, label, false);
    }

    public static Ticket of(Criticality criticality) {
        return new Ticket(criticality, NEUTRAL_VALUE, "");
    }

    /** Orders tickets of one class by what shedding them would lose: under-way sessions, then value. */
    public int compareRank(Ticket other) {
        if (sessionUnderWay != other.sessionUnderWay) {
            return sessionUnderWay ? 1 : -1;
        }
        return Double.compare(valueScore, other.valueScore);
    }
}
