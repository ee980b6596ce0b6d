package dev.fivenines.commerce.replenishment;

import dev.fivenines.base.Backoff;
import dev.fivenines.base.Check;
import dev.fivenines.base.ConfigException;

import java.time.Duration;

/**
 * Settings of replenishment, validated when built.
 *
 * @param defaultReorderUnits  units ordered when a StockLow carries reorderQty 0
 * @param maxSendAttempts      sends to a refusing or unreachable supplier before the order FAILS
 * @param sendBackoff          pause before resend n (its ceiling, no jitter: the order row is the only sender)
 * @param deliveryCheckInterval pause between two questions to the supplier about an order's deliveries
 * @param batchSize            most orders one scheduler transaction handles
 * @param pollInterval         pause between two scheduler runs
 */
public record ReplenishmentConfig(int defaultReorderUnits, int maxSendAttempts, Backoff sendBackoff,
                                  Duration deliveryCheckInterval, int batchSize, Duration pollInterval) {
    public static final int DEFAULT_REORDER_UNITS = 50;
    public static final int DEFAULT_MAX_SEND_ATTEMPTS = 5;
    public static final Backoff DEFAULT_SEND_BACKOFF = Backoff.noJitter(1_000, 60_000, 2.0);
    public static final Duration DEFAULT_DELIVERY_CHECK_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_BATCH_SIZE = 50;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    /** Largest order we place for one episode; a bigger reorderQty is a data error. */
    public static final int MAX_ORDER_UNITS = 1_000_000;

    public ReplenishmentConfig {
        if (sendBackoff == null || deliveryCheckInterval == null || pollInterval == null) {
            throw new ConfigException("replenishment.sendBackoff, deliveryCheckInterval and pollInterval are required");
        }
        Check.inRange("replenishment.defaultReorderUnits", defaultReorderUnits, 1, MAX_ORDER_UNITS);
        Check.inRange("replenishment.maxSendAttempts", maxSendAttempts, 1, 100);
        Check.inRange("replenishment.deliveryCheckIntervalMillis", deliveryCheckInterval.toMillis(), 0, 3_600_000);
        Check.inRange("replenishment.batchSize", batchSize, 1, 1_000);
        Check.inRange("replenishment.pollIntervalMillis", pollInterval.toMillis(), 10, 60_000);
    }

    public static ReplenishmentConfig defaults() {
        return new ReplenishmentConfig(DEFAULT_REORDER_UNITS, DEFAULT_MAX_SEND_ATTEMPTS, DEFAULT_SEND_BACKOFF,
                DEFAULT_DELIVERY_CHECK_INTERVAL, DEFAULT_BATCH_SIZE, DEFAULT_POLL_INTERVAL);
    }

    public ReplenishmentConfig withMaxSendAttempts(int attempts) {
        return new ReplenishmentConfig(defaultReorderUnits, attempts, sendBackoff, deliveryCheckInterval, batchSize, pollInterval);
    }

    public ReplenishmentConfig withBatchSize(int size) {
        return new ReplenishmentConfig(defaultReorderUnits, maxSendAttempts, sendBackoff, deliveryCheckInterval, size, pollInterval);
    }

    public ReplenishmentConfig withPollInterval(Duration interval) {
        return new ReplenishmentConfig(defaultReorderUnits, maxSendAttempts, sendBackoff, deliveryCheckInterval, batchSize, interval);
    }

    /** Starts from the {@code DEFAULT_*} values; {@link Builder#build} validates. */
    public static Builder builder() {
        return new Builder();
    }

    /** Named settings instead of positions; each unset one keeps its default. */
    public static final class Builder {
        private int defaultReorderUnits = DEFAULT_REORDER_UNITS;
        private int maxSendAttempts = DEFAULT_MAX_SEND_ATTEMPTS;
        private Backoff sendBackoff = DEFAULT_SEND_BACKOFF;
        private Duration deliveryCheckInterval = DEFAULT_DELIVERY_CHECK_INTERVAL;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;

        private Builder() {
        }

        public Builder defaultReorderUnits(int units) {
            this.defaultReorderUnits = units;
            return this;
        }

        public Builder maxSendAttempts(int attempts) {
            this.maxSendAttempts = attempts;
            return this;
        }

        public Builder sendBackoff(Backoff backoff) {
            this.sendBackoff = backoff;
            return this;
        }

        public Builder deliveryCheckInterval(Duration interval) {
            this.deliveryCheckInterval = interval;
            return this;
        }

        public Builder batchSize(int size) {
            this.batchSize = size;
            return this;
        }

        public Builder pollInterval(Duration interval) {
            this.pollInterval = interval;
            return this;
        }

        public ReplenishmentConfig build() {
            return new ReplenishmentConfig(defaultReorderUnits, maxSendAttempts, sendBackoff, deliveryCheckInterval,
                    batchSize, pollInterval);
        }
    }
}
