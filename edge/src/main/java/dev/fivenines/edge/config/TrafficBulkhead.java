package dev.fivenines.edge.config;

import dev.fivenines.traffic.admission.BulkheadSettings;

/** The fixed bulkhead of {@code mode: bulkhead}; see {@link BulkheadSettings}. */
public record TrafficBulkhead(int maxConcurrent, int maxWaitMillis) {
}
