package dev.fivenines.commerce.fulfillment;

import dev.fivenines.base.Check;
import dev.fivenines.base.ConfigException;

import java.time.Duration;

/**
 * Settings of the fulfillment role, validated when built.
 *
 * @param carrier        name of the (simulated) carrier written on every shipment
 * @param deliveryDelay  how long a shipment stays SHIPPED before the simulated carrier delivers it
 * @param batchSize      most shipments the delivery scheduler moves in one transaction
 * @param pollInterval   pause between two runs of the delivery scheduler
 */
public record FulfillmentConfig(String carrier, Duration deliveryDelay, int batchSize, Duration pollInterval) {
    public static final String DEFAULT_CARRIER = "fivenines-post";
    public static final Duration DEFAULT_DELIVERY_DELAY = Duration.ofSeconds(2);
    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    public FulfillmentConfig {
        if (carrier == null || carrier.isBlank() || carrier.length() > 64) {
            throw new ConfigException("fulfillment.carrier must be 1..64 non-blank characters, was '" + carrier + "'");
        }
        if (deliveryDelay == null || pollInterval == null) {
            throw new ConfigException("fulfillment.deliveryDelay and fulfillment.pollInterval are required");
        }
        Check.inRange("fulfillment.deliveryDelayMillis", deliveryDelay.toMillis(), 0, Duration.ofDays(30).toMillis());
        Check.inRange("fulfillment.batchSize", batchSize, 1, 1_000);
        Check.inRange("fulfillment.pollIntervalMillis", pollInterval.toMillis(), 10, 60_000);
    }

    public static FulfillmentConfig defaults() {
        return new FulfillmentConfig(DEFAULT_CARRIER, DEFAULT_DELIVERY_DELAY, DEFAULT_BATCH_SIZE, DEFAULT_POLL_INTERVAL);
    }

    public FulfillmentConfig withDeliveryDelay(Duration delay) {
        return new FulfillmentConfig(carrier, delay, batchSize, pollInterval);
    }

    public FulfillmentConfig withBatchSize(int size) {
        return new FulfillmentConfig(carrier, deliveryDelay, size, pollInterval);
    }

    public FulfillmentConfig withPollInterval(Duration interval) {
        return new FulfillmentConfig(carrier, deliveryDelay, batchSize, interval);
    }

    /** Starts from the {@code DEFAULT_*} values; {@link Builder#build} validates. */
    public static Builder builder() {
        return new Builder();
    }

    /** Named settings instead of positions; each unset one keeps its default. */
    public static final class Builder {
        private String carrier = DEFAULT_CARRIER;
        private Duration deliveryDelay = DEFAULT_DELIVERY_DELAY;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;

        private Builder() {
        }

        public Builder carrier(String carrier) {
            this.carrier = carrier;
            return this;
        }

        public Builder deliveryDelay(Duration deliveryDelay) {
            this.deliveryDelay = deliveryDelay;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        public FulfillmentConfig build() {
            return new FulfillmentConfig(carrier, deliveryDelay, batchSize, pollInterval);
        }
    }
}
