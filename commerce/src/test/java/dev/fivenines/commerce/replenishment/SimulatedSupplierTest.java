package dev.fivenines.commerce.replenishment;

import dev.fivenines.db.testing.MutableClock;
import dev.fivenines.base.ConfigException;
import dev.fivenines.commerce.replenishment.Supplier.Accepted;
import dev.fivenines.commerce.replenishment.Supplier.Delivery;
import dev.fivenines.commerce.replenishment.Supplier.DeliveryQuery;
import dev.fivenines.commerce.replenishment.Supplier.OrderRequest;
import dev.fivenines.commerce.replenishment.Supplier.Refused;
import dev.fivenines.commerce.replenishment.Supplier.SendResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedSupplierTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration LEAD = Duration.ofSeconds(30);

    private static SimulatedSupplier supplier(double failureRate, long seed, MutableClock clock) {
        return new SimulatedSupplier(SimulatedSupplier.Config.builder(seed).leadTime(LEAD).maxShipments(3).failureRate(failureRate).build(), clock);
    }

    @Test
    void givenNoFailures_whenAnOrderIsSent_thenItIsAcceptedWithTheConfiguredLeadTime() {
        SendResult result = supplier(0.0, 1, new MutableClock(T0)).send(new OrderRequest("po-1", "sku-1", 10));

        assertThat(result).isEqualTo(new Accepted(LEAD));
    }

    @Test
    void givenFailureRateOne_whenOrdersAreSent_thenEveryOneIsRefusedAsRetryable() {
        SimulatedSupplier supplier = supplier(1.0, 1, new MutableClock(T0));
        for (int i = 0; i < 20; i++) {
            SendResult result = supplier.send(new OrderRequest("po-" + i, "sku-1", 10));
            assertThat(result).isInstanceOf(Refused.class);
            assertThat(((Refused) result).retryable()).isTrue();
        }
    }

    @Test
    void givenTheSameSeed_whenTwoSuppliersAnswerTheSameSends_thenTheyRefuseTheSameOnes() {
        SimulatedSupplier a = supplier(0.5, 7, new MutableClock(T0));
        SimulatedSupplier b = supplier(0.5, 7, new MutableClock(T0));
        List<Boolean> refusedA = new ArrayList<>();
        List<Boolean> refusedB = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            refusedA.add(a.send(new OrderRequest("po-" + i, "sku", 5)) instanceof Refused);
            refusedB.add(b.send(new OrderRequest("po-" + i, "sku", 5)) instanceof Refused);
        }
        assertThat(refusedA).isEqualTo(refusedB).contains(true, false);
    }

    @Test
    void givenManyOrders_whenTheirPlansAreMade_thenEachShipsAllUnitsIn1To3PartsAndTheLastArrivesWhenExpected() {
        SimulatedSupplier supplier = supplier(0.0, 42, new MutableClock(T0));
        Instant expectedAt = T0.plus(LEAD);
        boolean sawSplit = false;
        for (int i = 0; i < 200; i++) {
            int units = 1 + i % 17;
            List<Delivery> plan = supplier.plan(new DeliveryQuery("po-" + i, "sku", units, expectedAt));
            assertThat(plan).hasSizeBetween(1, Math.min(3, units));
            assertThat(plan.stream().mapToInt(Delivery::units).sum()).as("po-%s", i).isEqualTo(units);
            assertThat(plan).allSatisfy(d -> assertThat(d.units()).isPositive());
            assertThat(plan.getLast().arrivedAt()).isEqualTo(expectedAt);
            assertThat(plan.getFirst().arrivedAt()).isAfter(T0);
            assertThat(plan.stream().map(Delivery::shipmentNo).toList())
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(1, plan.size()).boxed().toList());
            sawSplit |= plan.size() > 1;
        }
        assertThat(sawSplit).as("some order arrives in several shipments").isTrue();
    }

    @Test
    void givenAControlledClock_whenTimePasses_thenShipmentsAppearInOrderAndAreReportedTheSameEveryTime() {
        MutableClock clock = new MutableClock(T0);
        SimulatedSupplier supplier = supplier(0.0, 42, clock);
        DeliveryQuery order = splitOrder(supplier);
        List<Delivery> plan = supplier.plan(order);

        assertThat(supplier.deliveries(order)).isEmpty();
        clock.advance(Duration.between(T0, plan.getFirst().arrivedAt()));
        assertThat(supplier.deliveries(order)).containsExactly(plan.getFirst());
        assertThat(supplier.deliveries(order)).containsExactly(plan.getFirst());
        clock.advance(LEAD);
        assertThat(supplier.deliveries(order)).isEqualTo(plan);
        // A restarted supplier (same seed) reports the same shipments: the plan is not in memory.
        assertThat(supplier(0.0, 42, clock).deliveries(order)).isEqualTo(plan);
    }

    @Test
    void givenAnOutOfRangeFailureRate_whenTheConfigIsBuilt_thenItNamesTheLegalRange() {
        assertThatThrownBy(() -> SimulatedSupplier.Config.builder(1).leadTime(LEAD).maxShipments(3).failureRate(1.5).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("supplier.failureRate");
        assertThatThrownBy(() -> SimulatedSupplier.Config.builder(1).leadTime(LEAD).maxShipments(4).failureRate(0.1).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("supplier.maxShipments");
    }

    /** An order the seed splits into at least two shipments. */
    static DeliveryQuery splitOrder(SimulatedSupplier supplier) {
        for (int i = 0; i < 100; i++) {
            DeliveryQuery q = new DeliveryQuery("po-split-" + i, "sku", 10, T0.plus(LEAD));
            if (supplier.plan(q).size() >= 2) {
                return q;
            }
        }
        throw new AssertionError("no split order among 100 candidates");
    }
}
