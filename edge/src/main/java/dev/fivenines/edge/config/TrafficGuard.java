package dev.fivenines.edge.config;

import dev.fivenines.traffic.admission.LatencyGuard;

/** See {@link LatencyGuard}: shed lower classes while checkout's latency percentile is over target. */
public record TrafficGuard(int checkoutTargetMillis, Double relativeToUnloaded, Double percentile, Integer intervalMillis,
                           Double busyCpuLoad) {
}
