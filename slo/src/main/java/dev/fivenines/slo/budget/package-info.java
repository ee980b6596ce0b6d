/**
 * Error budget arithmetic over counted events: {@link dev.fivenines.slo.budget.Counts},
 * {@link dev.fivenines.slo.budget.BudgetStatus} (exact in decimal), {@link dev.fivenines.slo.budget.BurnRate},
 * and a bounded ring of bucketed counts ({@link dev.fivenines.slo.budget.RollingCounts}).
 */
package dev.fivenines.slo.budget;
