package dev.fivenines.slo.budget;

import dev.fivenines.slo.spec.Objective;

/**
 * How fast a span's errors spend the budget: the error ratio over the objective's error budget. 1
 * spends the budget exactly over the window; 14.4 spends 2% of a 30-day budget in an hour.
 */
public final class BurnRate {
    private BurnRate() {
    }

    /** (bad / total) / (1 - target); 0 with no events. */
    public static double of(Objective objective, Counts counts) {
        return counts.errorRatio() / objective.errorBudget().doubleValue();
    }
}
