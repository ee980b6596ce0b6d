/**
 * The run's report: {@link dev.fivenines.loadgen.report.Report} (report.json), a self-contained HTML
 * page with inline SVG charts, and the plain-text summary, all built from a stats snapshot.
 *
 * <p>Guards: latencies are milliseconds, "latencyMs" from the intended start and "serviceMs" from the
 * send; the HTML loads nothing from outside and runs no script; text is escaped. Single-threaded,
 * after the run.
 */
package dev.fivenines.loadgen.report;
