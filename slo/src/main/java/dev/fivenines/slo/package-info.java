/**
 * Service level objectives as a number the platform keeps: OpenSLO files ({@code spec}), error
 * budgets and burn rates ({@code budget}), the workbook's multiwindow burn-rate alerts
 * ({@code alert}) and Prometheus rules in Sloth's shape ({@code rules}).
 *
 * <p>Guards: framework-free (no Helidon, Kafka, JDBC); counts come from the caller, so the same
 * arithmetic runs over the autopilot's store or a Prometheus-compatible source. Targets are
 * decimals, so a budget spent exactly is spent. Everything loaded is immutable.
 */
package dev.fivenines.slo;
