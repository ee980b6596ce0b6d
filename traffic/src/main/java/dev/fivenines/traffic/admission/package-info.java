/**
 * Admission control for one node: {@link dev.fivenines.traffic.admission.AdmissionController} admits
 * or refuses each request under a shared in-flight limit (adaptive, Netflix concurrency-limits),
 * partitioned by criticality, with bounded CoDel-style queues, the latency guard that squeezes lower
 * classes for checkout, the new-session gate, per-client quotas and the trusted-proxy list.
 *
 * <p>Guards: a lower class never holds a slot a higher class is refused (class shares of the limit,
 * validated in {@link dev.fivenines.traffic.admission.AdmissionConfig}); every admitted request holds a
 * {@link dev.fivenines.traffic.admission.Permit} that the caller must complete exactly once with an
 * {@link dev.fivenines.traffic.admission.Outcome}; a refusal is a value
 * ({@link dev.fivenines.traffic.admission.Rejection}), never an exception. The controller is
 * thread-safe (one lock; {@code LatencyGuard}, {@code ClassQueue} and {@code NewSessionGate} are not,
 * and run only under it); time is an injected clock. Configs are immutable and validated when built;
 * tests build them with {@code AdmissionConfig.builder()} and {@code LatencyGuard.Settings.builder()}.
 */
package dev.fivenines.traffic.admission;
