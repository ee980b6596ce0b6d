package dev.fivenines.traffic.admission;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;

/** Builds the adaptive limit algorithm named in the config (Netflix concurrency-limits). */
public final class Limits {
    private Limits() {
    }

    public static Limit create(AdmissionConfig config) {
        return switch (config.limitAlgorithm()) {
            case "gradient2" -> Gradient2Limit.newBuilder()
                    .initialLimit(config.initialLimit())
                    .minLimit(config.minLimit())
                    .maxConcurrency(config.maxLimit())
                    .build();
            case "vegas" -> VegasLimit.newBuilder()
                    .initialLimit(config.initialLimit())
                    .maxConcurrency(config.maxLimit())
                    .build();
            case "fixed" -> FixedLimit.of(config.initialLimit());
            default -> throw new IllegalArgumentException("unknown limit algorithm " + config.limitAlgorithm());
        };
    }
}
