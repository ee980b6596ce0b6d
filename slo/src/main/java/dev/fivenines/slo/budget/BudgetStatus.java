package dev.fivenines.slo.budget;

import dev.fivenines.slo.spec.Objective;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * An objective's error budget over its window: how many bad events it allows (the error budget times
 * the events so far) and how much of that is left. Exact in decimal: with 1,000 events at 0.999, one
 * bad event spends the whole budget, not all but 1e-16 of it.
 *
 * @param allowedBad        (1 - target) x total
 * @param remainingFraction 1 - bad / allowedBad; 1 with no traffic, negative once overspent
 */
public record BudgetStatus(Counts counts, BigDecimal target, BigDecimal allowedBad, double remainingFraction) {
    public static BudgetStatus of(Objective objective, Counts counts) {
        BigDecimal allowed = objective.errorBudget().multiply(BigDecimal.valueOf(counts.total()));
        double remaining = counts.total() == 0 ? 1.0
                : BigDecimal.ONE.subtract(BigDecimal.valueOf(counts.bad()).divide(allowed, MathContext.DECIMAL64)).doubleValue();
        return new BudgetStatus(counts, objective.target(), allowed, remaining);
    }

    /** Spent: the bad events reached what the window allows (and there was traffic). */
    public boolean exhausted() {
        return counts.total() > 0 && BigDecimal.valueOf(counts.bad()).compareTo(allowedBad) >= 0;
    }

    /** Spent beyond {@code 1 - fraction}: remaining at or below {@code fraction} (0.25 = a quarter left). */
    public boolean remainingAtOrBelow(double fraction) {
        return exhausted() || remainingFraction <= fraction;
    }
}
