/**
 * OpenTelemetry for one process ({@link dev.fivenines.telemetry.Telemetry}): W3C propagation, spans
 * batched to a JSON-lines file per process (and to OTLP when configured), JSON log lines joined to
 * their trace, route templates for span names and metric labels, and trace sampling by request class.
 *
 * <p>Guards: span names and labels use the route template, never the concrete path, so cardinality is
 * bounded; a trace is kept or dropped as a whole (only roots decide, {@link
 * dev.fivenines.telemetry.TraceSamplingPolicy} must be cheap, must not block, and answers a ratio in
 * [0, 1]); export runs behind a
 * bounded batch queue, off the request path. Server-span handling ({@link
 * dev.fivenines.telemetry.HttpTracing}) depends on no HTTP framework: adapters pass the header lookup.
 * Used by every role's composition root.
 */
package dev.fivenines.telemetry;
