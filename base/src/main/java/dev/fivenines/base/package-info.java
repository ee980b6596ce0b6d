/**
 * What every module may use and which depends on no other module: ids and money, the one JSON
 * configuration, problem details (RFC 9457) and their exception, config validation
 * ({@link dev.fivenines.base.ConfigException}), invariant checks that stay on in production
 * ({@link dev.fivenines.base.Check}), the one backoff ({@link dev.fivenines.base.Backoff}, over
 * Resilience4j's IntervalFunction), a stoppable background loop and the keep-alive pool failure both
 * HTTP clients read the same way.
 *
 * <p>Guards: money never wraps (overflow throws); a failed check is a bug, never a client error; ids
 * and delays come from injected clocks and random sources, so tests replay. Values are immutable and
 * thread-safe. Nothing here imports Helidon, Kafka, JDBC or Ratis.
 */
package dev.fivenines.base;
