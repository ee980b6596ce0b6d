package dev.fivenines.inventory;

import dev.fivenines.base.Check;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Availability as one replica answered it, with an upper bound on how stale it may be: the answer
 * reflects every change acknowledged more than {@code maxStaleness} before it was sent (changes
 * in that last window may be missing). {@link Duration#ZERO} for a strong (linearizable) read.
 *
 * @param available    units available (on hand minus held) per SKU; unknown SKUs are absent
 * @param maxStaleness upper bound on the staleness; zero for a strong read
 * @param servedBy     which replica answered and why, e.g. {@code i2} or {@code leader:i1 (fallback: ...)}
 */
public record StockReading(Map<String, Integer> available, Duration maxStaleness, String servedBy) {
    public StockReading {
        available = Map.copyOf(available);
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        Check.argument(!maxStaleness.isNegative(), "maxStaleness must be >= 0, was %s", maxStaleness);
        Objects.requireNonNull(servedBy, "servedBy");
    }

    public static StockReading strong(Map<String, Integer> available, String servedBy) {
        return new StockReading(available, Duration.ZERO, servedBy);
    }

    public boolean isStrong() {
        return maxStaleness.isZero();
    }
}
