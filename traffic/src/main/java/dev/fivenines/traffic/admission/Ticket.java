package dev.fivenines.traffic.admission;

import dev.fivenines.traffic.Criticality;

import java.util.Objects;

/**
 * What admission knows about one request.
 *
 * @param criticality its class
 * @param valueScore  predicted value within the class, in [0, 1]; higher is kept longer
 * @param label       what to print when explaining a decision (e.g. "POST /api/v1/checkout")
 */
public record Ticket(Criticality criticality, double valueScore, String label) {
    public static final double NEUTRAL_VALUE = 0.5;

    public Ticket {
        Objects.requireNonNull(criticality, "criticality");
        if (!(valueScore >= 0.0 && valueScore <= 1.0)) {
            throw new IllegalArgumentException("valueScore must be in [0, 1], was " + valueScore);
        }
        label = label == null ? "" : label;
    }

    public static Ticket of(Criticality criticality) {
        return new Ticket(criticality, NEUTRAL_VALUE, "");
    }
}
