package dev.fivenines.slo.spec;

import java.math.BigDecimal;

/**
 * One objective of an SLO: the fraction of good events wanted over the SLO's window, kept as the
 * decimal the file wrote (0.999 is not exactly representable in binary, and a budget spent exactly
 * must count as spent).
 *
 * @param name a short name, unique within its SLO (from the display name, else "objective-N")
 */
public record Objective(String name, String displayName, BigDecimal target) {
    /** The fraction of events allowed to be bad: 1 - target, exactly. */
    public BigDecimal errorBudget() {
        return BigDecimal.ONE.subtract(target);
    }

    public double targetValue() {
        return target.doubleValue();
    }
}
