package dev.fivenines.commerce.replenishment;

import dev.fivenines.base.Check;
import dev.fivenines.base.ConfigException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A supplier for local runs and tests: refuses a configurable share of orders ("busy, try later"),
 * takes the rest with a fixed lead time, and ships each in 1..{@code maxShipments} parts spread over
 * the lead time, the last one arriving at the expected time.
 *
 * <p>The shipment plan of an order is a pure function of the seed, the po id, the units and the
 * expected time, so it survives a restart of this process and is reported identically on every call
 * (the protocol of {@link Supplier#deliveries}). Refusals come from one seeded stream, so a run
 * replays from its seed.
 */
public final class SimulatedSupplier implements Supplier {
    /**
     * @param leadTime     time from acceptance to the last shipment
     * @param maxShipments an order arrives in 1..maxShipments shipments (never more than its units)
     * @param failureRate  share of sends refused as "busy", in [0, 1]
     * @param seed         seeds both the refusals and the shipment plans
     */
    public record Config(Duration leadTime, int maxShipments, double failureRate, long seed) {
        public static final Duration DEFAULT_LEAD_TIME = Duration.ofSeconds(10);
        public static final int DEFAULT_MAX_SHIPMENTS = 3;
        public static final double DEFAULT_FAILURE_RATE = 0.1;

        public Config {
            if (leadTime == null) {
                throw new ConfigException("supplier.leadTime is required");
            }
            Check.inRange("supplier.leadTimeMillis", leadTime.toMillis(), 0, Duration.ofDays(90).toMillis());
            Check.inRange("supplier.maxShipments", maxShipments, 1, 3);
            Check.inRange("supplier.failureRate", failureRate, 0.0, 1.0);
        }

        public static Config defaults(long seed) {
            return new Config(DEFAULT_LEAD_TIME, DEFAULT_MAX_SHIPMENTS, DEFAULT_FAILURE_RATE, seed);
        }

        /** Starts from the {@code DEFAULT_*} values; the seed has no default, a run names its own. */
        public static Builder builder(long seed) {
            return new Builder(seed);
        }

        /** Named settings instead of positions; each unset one keeps its default. */
        public static final class Builder {
            private final long seed;
            private Duration leadTime = DEFAULT_LEAD_TIME;
            private int maxShipments = DEFAULT_MAX_SHIPMENTS;
            private double failureRate = DEFAULT_FAILURE_RATE;

            private Builder(long seed) {
                this.seed = seed;
            }

            public Builder leadTime(Duration leadTime) {
                this.leadTime = leadTime;
                return this;
            }

            public Builder maxShipments(int maxShipments) {
                this.maxShipments = maxShipments;
                return this;
            }

            public Builder failureRate(double failureRate) {
                this.failureRate = failureRate;
                return this;
            }

            public Config build() {
                return new Config(leadTime, maxShipments, failureRate, seed);
            }
        }
    }

    private final Config config;
    private final Clock clock;
    private final SplittableRandom refusals;

    public SimulatedSupplier(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.refusals = new SplittableRandom(config.seed());
    }

    @Override
    public synchronized SendResult send(OrderRequest order) {
        if (config.failureRate() > 0 && refusals.nextDouble() < config.failureRate()) {
            return new Refused("simulated supplier is busy; try again later", true);
        }
        return new Accepted(config.leadTime());
    }

    @Override
    public List<Delivery> deliveries(DeliveryQuery order) {
        Instant now = clock.instant();
        List<Delivery> arrived = new ArrayList<>();
        for (Delivery d : plan(order)) {
            if (!d.arrivedAt().isAfter(now)) {
                arrived.add(d);
            }
        }
        return arrived;
    }

    /** Every shipment of the order, arrived or not, in arrival order. */
    List<Delivery> plan(DeliveryQuery order) {
        SplittableRandom random = new SplittableRandom(config.seed() ^ mix(order.poId()));
        int shipments = 1 + random.nextInt(Math.min(config.maxShipments(), order.unitsOrdered()));
        List<Delivery> plan = new ArrayList<>(shipments);
        int left = order.unitsOrdered();
        for (int n = 1; n <= shipments; n++) {
            int shipmentsAfter = shipments - n;
            // Leave at least one unit for every later shipment.
            int units = shipmentsAfter == 0 ? left : 1 + random.nextInt(left - shipmentsAfter);
            left -= units;
            Instant arrivesAt = order.expectedAt().minus(config.leadTime().multipliedBy(shipmentsAfter).dividedBy(shipments));
            plan.add(new Delivery(n, units, arrivesAt));
        }
        Check.state(left == 0, "shipment plan of po %s leaves %s units unshipped", order.poId(), left);
        return plan;
    }

    private static long mix(String s) {
        long h = 1125899906842597L;
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }
}
