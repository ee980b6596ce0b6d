/**
 * The HTTP server every role runs ({@link dev.fivenines.web.server.NodeServer}): the role's API
 * under {@code /api/v1}, health and Prometheus {@code /metrics}, a SERVER span and a latency
 * histogram per request, problem+json for every error, and the process's JVM meters.
 *
 * <p>Guards: bounded request sizes; deadlines on reading a request's headers and body, which the
 * server itself lacks ({@link dev.fivenines.web.server.ReadDeadlines}); header values outside printable
 * ASCII refused before any route sees them ({@link dev.fivenines.web.server.RequestHygiene}); bounded
 * meter label sets; meters read at scrape time from state their owner keeps alive
 * ({@link dev.fivenines.web.server.Meters}).
 */
package dev.fivenines.web.server;
