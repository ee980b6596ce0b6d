package dev.fivenines.edge.config;

import dev.fivenines.traffic.admission.AdmissionConfig;

import java.util.List;

/**
 * See {@link AdmissionConfig} for each field; {@code mode} is {@code adaptive} (the product),
 * {@code bulkhead} (a fixed Resilience4j bulkhead, for comparison) or {@code off} (benchmarks).
 */
public record TrafficAdmission(String mode, String limitAlgorithm, int initialLimit, int minLimit, int maxLimit,
                               List<Double> classShares, int queueCapacity, int queueTimeoutMillis,
                               int codelTargetMillis, int codelIntervalMillis, int retryAfterSeconds,
                               int shedLogIntervalMillis, TrafficBulkhead bulkhead, TrafficGuard guard) {
}
