package dev.fivenines.commerce.replenishment;

import dev.fivenines.base.Backoff;
import dev.fivenines.commerce.testing.OutboxRows;
import dev.fivenines.db.testing.MutableClock;
import dev.fivenines.commerce.payloads.StockReceived;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.PoisonEventException;
import dev.fivenines.events.Topics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Handlers and scheduler on a real PostgreSQL with a real SQL outbox, on a controlled clock. */
class ReplenishmentFlowTest {
    private static final Duration LEAD = Duration.ofSeconds(30);
    private static final SimulatedSupplier.Config RELIABLE = SimulatedSupplier.Config.builder(42).leadTime(LEAD).maxShipments(3).failureRate(0.0).build();

    private static String sku() {
        return "sku-" + UUID.randomUUID();
    }

    @Test
    void givenTwoStockLowEventsForTheSameEpisode_whenBothAreHandled_thenOnePurchaseOrderExists() {
        try (ReplenishmentFixture f = new ReplenishmentFixture("repl_same_episode", RELIABLE, ReplenishmentConfig.defaults())) {
            String sku = sku();

            f.handleStockLow(ReplenishmentFixture.stockLow(sku, 3, 40));
            f.handleStockLow(ReplenishmentFixture.stockLow(sku, 3, 40));

            PurchaseOrder po = f.onlyOrderOf(sku);
            assertThat(po.episode()).isEqualTo(3);
            assertThat(po.unitsOrdered()).isEqualTo(40);
            assertThat(po.status()).isEqualTo(PurchaseOrderStatus.OPEN);
        }
    }

    @Test
    void givenAPurchaseOrderForEpisode1_whenEpisode2IsReported_thenASecondOrderIsCreated() {
        try (ReplenishmentFixture f = new ReplenishmentFixture("repl_new_episode", RELIABLE, ReplenishmentConfig.defaults())) {
            String sku = sku();

            f.handleStockLow(ReplenishmentFixture.stockLow(sku, 1, 40));
            f.handleStockLow(ReplenishmentFixture.stockLow(sku, 2, 0));

            List<PurchaseOrder> orders = f.ordersOf(sku);
            assertThat(orders).extracting(PurchaseOrder::episode).containsExactlyInAnyOrder(1L, 2L);
            assertThat(orders).filteredOn(po -> po.episode() == 2).extracting(PurchaseOrder::unitsOrdered)
                    .containsExactly(ReplenishmentConfig.DEFAULT_REORDER_UNITS);
        }
    }

    @Test
    void givenAStockLowWithNoSku_whenHandled_thenItIsPoisonAndNoOrderIsCreated() {
        try (ReplenishmentFixture f = new ReplenishmentFixture("repl_poison", RELIABLE, ReplenishmentConfig.defaults())) {
            assertThatThrownBy(() -> f.handleStockLow(ReplenishmentFixture.stockLow(" ", 1, 10)))
                    .isInstanceOf(PoisonEventException.class).hasMessageContaining("no usable sku");
            assertThat(f.ordersOf(null)).isEmpty();
        }
    }

    @Test
    void givenASentOrderShippedInParts_whenTimePasses_thenEachShipmentIsAReceiptAndAStockReceivedInTheOutbox() {
        // The fixture's ids are seeded, so its first po id is known: pick a supplier seed that ships it in 3 parts.
        String firstPoId = new dev.fivenines.base.Ids(ReplenishmentFixture.START::toEpochMilli,
                new java.util.SplittableRandom(42)).nextString();
        SimulatedSupplier.Config splitting = SimulatedSupplier.Config.builder(seedThatSplits(firstPoId)).leadTime(LEAD).maxShipments(3)
                .failureRate(0.0).build();
        try (ReplenishmentFixture f = new ReplenishmentFixture("repl_partial", splitting, ReplenishmentConfig.defaults())) {
            String sku = sku();
            f.handleStockLow(ReplenishmentFixture.stockLow(sku, 1, 10));

            ReplenishmentScheduler.RunResult first = f.services.scheduler().runOnce();
            PurchaseOrder sent = f.onlyOrderOf(sku);
            assertThat(first.sent()).isEqualTo(1);
            assertThat(sent.status()).isEqualTo(PurchaseOrderStatus.SENT);
            assertThat(sent.expectedAt()).isEqualTo(ReplenishmentHandler.now(f.clock).plus(LEAD));
            List<Supplier.Delivery> plan = ((SimulatedSupplier) f.supplier.delegate)
                    .plan(new Supplier.DeliveryQuery(sent.poId(), sku, 10, sent.expectedAt()));
            assertThat(plan).hasSize(3);

            // When the first shipment arrives: a receipt, PARTIALLY_RECEIVED, one StockReceived.
            f.clock.advance(Duration.between(f.clock.instant(), plan.getFirst().arrivedAt()));
            assertThat(f.services.scheduler().runOnce().receipts()).isEqualTo(1);
            PurchaseOrder partly = f.order(sent.poId());
            assertThat(partly.status()).isEqualTo(PurchaseOrderStatus.PARTIALLY_RECEIVED);
            assertThat(partly.unitsReceived()).isEqualTo(plan.getFirst().units());

            // When the rest arrives: every shipment recorded once, RECEIVED, and the run after finds nothing.
            f.clock.advance(LEAD);
            f.services.scheduler().runOnce();
            assertThat(f.services.scheduler().runOnce().total()).isZero();

            PurchaseOrder done = f.order(sent.poId());
            assertThat(done.status()).isEqualTo(PurchaseOrderStatus.RECEIVED);
            assertThat(done.unitsReceived()).isEqualTo(10);
            List<PurchaseOrderStore.Receipt> receipts = f.receipts(sent.poId());
            assertThat(receipts).extracting(PurchaseOrderStore.Receipt::receiptId)
                    .containsExactlyElementsOf(plan.stream().map(d -> sent.poId() + "-" + d.shipmentNo()).toList());
            assertThat(receipts).extracting(PurchaseOrderStore.Receipt::units)
                    .containsExactlyElementsOf(plan.stream().map(Supplier.Delivery::units).toList());

            List<OutboxRows.Row> events = f.outbox();
            assertThat(events).hasSize(plan.size()).allSatisfy(row -> {
                assertThat(row.topic()).isEqualTo(Topics.INVENTORY);
                assertThat(row.type()).isEqualTo(EventTypes.STOCK_RECEIVED);
                assertThat(row.key()).isEqualTo(sku);
                assertThat(row.schemaVersion()).isEqualTo(StockReceived.SCHEMA_VERSION);
            });
            assertThat(events).extracting(row -> row.payload().path("receiptId").asText())
                    .containsExactlyElementsOf(receipts.stream().map(PurchaseOrderStore.Receipt::receiptId).toList());
            assertThat(events.stream().mapToInt(row -> row.payload().path("units").asInt()).sum()).isEqualTo(10);
        }
    }

    @Test
    void givenAStockReceivedRedelivered_whenBothCopiesAreHandled_thenTheLedgerSeesTheSameReceiptTwiceAndAddsTheUnitsOnce() {
        try (ReplenishmentFixture f = new ReplenishmentFixture("repl_restock", RELIABLE, ReplenishmentConfig.defaults())) {
            String sku = sku();
            f.handleStockLow(ReplenishmentFixture.stockLow(sku, 1, 12));
            f.services.scheduler().runOnce();
            f.clock.advance(LEAD);
            f.services.scheduler().runOnce();
            List<OutboxRows.Row> events = f.outbox();
            assertThat(events).isNotEmpty();

            for (OutboxRows.Row row : events) {
                f.handleRestock(ReplenishmentFixture.received(row));
                f.handleRestock(ReplenishmentFixture.received(row)); // the relay published it twice, under a new event id
            }

            List<FakeLedger.Call> calls = f.ledger.calls();
            assertThat(calls).hasSize(2 * events.size());
            for (OutboxRows.Row row : events) {
                String receiptId = row.payload().path("receiptId").asText();
                assertThat(calls).filteredOn(c -> c.receiptId().equals(receiptId)).hasSize(2)
                        .allSatisfy(c -> assertThat(c.sku()).isEqualTo(sku));
            }
            assertThat(f.ledger.onHand(sku)).isEqualTo(12);
        }
    }

    @Test
    void givenAStockLowEvent_whenTheRestockConsumerSeesIt_thenTheLedgerIsNotCalled() {
        try (ReplenishmentFixture f = new ReplenishmentFixture("repl_restock_ignores", RELIABLE, ReplenishmentConfig.defaults())) {
            f.handleRestock(ReplenishmentFixture.stockLow(sku(), 1, 12));

            assertThat(f.ledger.calls()).isEmpty();
        }
    }

    @Test
    void givenASupplierThatAlwaysRefuses_whenTheSchedulerRuns_thenItRetriesWithBackoffAtMost3TimesThenFailsWithAReason() {
        ReplenishmentConfig config = ReplenishmentConfig.builder().defaultReorderUnits(10).maxSendAttempts(3)
                .sendBackoff(Backoff.noJitter(1_000, 60_000, 2.0)).deliveryCheckInterval(Duration.ofSeconds(1)).batchSize(10)
                .pollInterval(Duration.ofMillis(100)).build();
        SimulatedSupplier.Config refusing = SimulatedSupplier.Config.builder(42).leadTime(LEAD).maxShipments(3).failureRate(1.0).build();
        try (ReplenishmentFixture f = new ReplenishmentFixture("repl_refusing", refusing, config)) {
            String sku = sku();
            f.handleStockLow(ReplenishmentFixture.stockLow(sku, 1, 10));

            assertThat(f.services.scheduler().runOnce().retried()).isEqualTo(1);
            PurchaseOrder retrying = f.onlyOrderOf(sku);
            assertThat(retrying.status()).isEqualTo(PurchaseOrderStatus.RETRYING);
            assertThat(retrying.failureReason()).contains("busy");

            // Before the backoff has passed nothing is resent.
            f.clock.advance(Duration.ofMillis(999));
            assertThat(f.services.scheduler().runOnce().total()).isZero();
            assertThat(f.supplier.sends).hasValue(1);

            f.clock.advance(Duration.ofMillis(1));
            assertThat(f.services.scheduler().runOnce().retried()).isEqualTo(1);
            f.clock.advance(Duration.ofSeconds(2));
            assertThat(f.services.scheduler().runOnce().failed()).isEqualTo(1);

            PurchaseOrder failed = f.onlyOrderOf(sku);
            assertThat(failed.status()).isEqualTo(PurchaseOrderStatus.FAILED);
            assertThat(failed.sendAttempts()).isEqualTo(3);
            assertThat(failed.failureReason()).contains("refused 3 times").contains("busy");
            f.clock.advance(Duration.ofHours(1));
            assertThat(f.services.scheduler().runOnce().total()).isZero();
            assertThat(f.supplier.sends).hasValue(3);
            assertThat(f.outbox()).isEmpty();
        }
    }

    @Test
    void givenASupplierThatThrows_whenTheSchedulerRuns_thenTheOrderIsRetriedNotLost() {
        try (ReplenishmentFixture f = new ReplenishmentFixture("repl_throwing", RELIABLE, ReplenishmentConfig.defaults())) {
            ThrowingOnce throwing = new ThrowingOnce(f.supplier);
            ReplenishmentServices services = ReplenishmentServices.create(f.db,
                    new dev.fivenines.events.SqlOutbox("/fivenines/replenishment", f.ids,
                            io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance()),
                    f.clock, f.ids, throwing, f.ledger, ReplenishmentConfig.defaults());
            String sku = sku();
            f.handleStockLow(ReplenishmentFixture.stockLow(sku, 1, 10));

            assertThat(services.scheduler().runOnce().retried()).isEqualTo(1);
            assertThat(f.onlyOrderOf(sku).failureReason()).contains("supplier unavailable").contains("connect timed out");
            f.clock.advance(Duration.ofMillis(ReplenishmentConfig.DEFAULT_SEND_BACKOFF.ceilingMillis(1)));
            assertThat(services.scheduler().runOnce().sent()).isEqualTo(1);
            assertThat(f.onlyOrderOf(sku).status()).isEqualTo(PurchaseOrderStatus.SENT);
        }
    }

    @Test
    void givenASupplierThatOverDeliversOneOrder_whenTheSchedulerRuns_thenThatOrderRecordsNothingAndTheOtherIsReceived() {
        try (ReplenishmentFixture f = new ReplenishmentFixture("repl_over_delivery", RELIABLE, ReplenishmentConfig.defaults())) {
            String good = sku();
            String bad = sku();
            Supplier overDelivering = new Supplier() {
                @Override
                public SendResult send(OrderRequest order) {
                    return new Accepted(LEAD);
                }

                @Override
                public List<Delivery> deliveries(DeliveryQuery order) {
                    int units = order.sku().equals(bad) ? order.unitsOrdered() + 1 : order.unitsOrdered();
                    return List.of(new Delivery(1, units, order.expectedAt()));
                }
            };
            ReplenishmentServices services = ReplenishmentServices.create(f.db,
                    new dev.fivenines.events.SqlOutbox("/fivenines/replenishment", f.ids,
                            io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance()),
                    f.clock, f.ids, overDelivering, f.ledger, ReplenishmentConfig.defaults());
            f.handleStockLow(ReplenishmentFixture.stockLow(good, 1, 10));
            f.handleStockLow(ReplenishmentFixture.stockLow(bad, 1, 10));
            services.scheduler().runOnce();
            f.clock.advance(LEAD);

            ReplenishmentScheduler.RunResult result = services.scheduler().runOnce();

            assertThat(result.receipts()).isEqualTo(1);
            assertThat(f.onlyOrderOf(good).status()).isEqualTo(PurchaseOrderStatus.RECEIVED);
            PurchaseOrder stuck = f.onlyOrderOf(bad);
            assertThat(stuck.status()).isEqualTo(PurchaseOrderStatus.SENT);
            assertThat(stuck.unitsReceived()).isZero();
            assertThat(f.receipts(stuck.poId())).isEmpty();
            assertThat(f.outbox()).extracting(OutboxRows.Row::key).containsExactly(good);
        }
    }

    /** A supplier whose first send times out. */
    private static final class ThrowingOnce implements Supplier {
        private final Supplier delegate;
        private boolean thrown;

        ThrowingOnce(Supplier delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized SendResult send(OrderRequest order) {
            if (!thrown) {
                thrown = true;
                throw new IllegalStateException("connect timed out");
            }
            return delegate.send(order);
        }

        @Override
        public List<Delivery> deliveries(DeliveryQuery order) {
            return delegate.deliveries(order);
        }
    }

    private static long seedThatSplits(String poId) {
        for (long seed = 0; seed < 1_000; seed++) {
            SimulatedSupplier probe = new SimulatedSupplier(SimulatedSupplier.Config.builder(seed).leadTime(LEAD).maxShipments(3).failureRate(0.0).build(), new MutableClock(ReplenishmentFixture.START));
            if (probe.plan(new Supplier.DeliveryQuery(poId, "sku", 10, ReplenishmentFixture.START)).size() == 3) {
                return seed;
            }
        }
        throw new AssertionError("no seed in [0, 1000) splits " + poId + " into 3 shipments");
    }
}
