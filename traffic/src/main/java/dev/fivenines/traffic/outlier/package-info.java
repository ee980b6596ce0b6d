/**
 * Passive outlier ejection for the instances of one role (after Envoy's):
 * {@link dev.fivenines.traffic.outlier.OutlierDetector} ejects an instance that cannot be reached,
 * fails more than its peers, or is slower than a peer twice as fast, and ramps it back in.
 *
 * <p>Guards: never more than {@code maxEjectionPercent} of a pool is out, so a pool-wide problem cannot
 * eject everything; an "overloaded, retry later" answer is neither failure nor success. Thread-safe
 * (synchronized per detector); time is an injected clock. Used by the edge's upstream pool, which is
 * the breaker per instance. Why it judges as it does: docs/decisions/011 and 043.
 */
package dev.fivenines.traffic.outlier;
