package dev.fivenines.commerce.replenishment;

import dev.fivenines.base.Backoff;
import dev.fivenines.db.testing.MutableClock;
import dev.fivenines.base.Ids;
import dev.fivenines.commerce.payloads.StockLowEvent;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.IdempotentConsumer;
import dev.fivenines.events.OutboxRelay;
import dev.fivenines.events.OutgoingEvent;
import dev.fivenines.events.SqlOutbox;
import dev.fivenines.events.TopicAdmin;
import dev.fivenines.events.Topics;
import dev.fivenines.db.Database;
import dev.fivenines.events.testing.TestKafka;
import dev.fivenines.db.testing.TestPostgres;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end through a real Kafka broker and a real PostgreSQL: a stock-low published through the
 * outbox becomes one purchase order, its shipments become StockReceived events, and the restock
 * consumer hands each receipt to the ledger.
 */
class ReplenishmentKafkaTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration LEAD = Duration.ofSeconds(30);

    @Test
    void givenAStockLowPublishedTwice_whenItFlowsThroughKafka_thenOneOrderIsPlacedAndTheLedgerGetsEveryUnitOnce() {
        MutableClock clock = new MutableClock(ReplenishmentFixture.START);
        Ids ids = new Ids(clock::millis, new SplittableRandom(7));
        FakeLedger ledger = new FakeLedger();
        String sku = "sku-" + UUID.randomUUID();
        TopicAdmin.ensureTopics(TestKafka.settings("replenishment-admin"), Topics.all(), 2, 1);

        try (Database db = TestPostgres.freshDatabase("repl_kafka");
             ReplenishmentServices services = ReplenishmentServices.create(db,
                     new SqlOutbox("/fivenines/replenishment", ids, W3CTraceContextPropagator.getInstance()), clock, ids,
                     new SimulatedSupplier(SimulatedSupplier.Config.builder(11).leadTime(LEAD).maxShipments(3).failureRate(0.0).build(), clock), ledger,
                     ReplenishmentConfig.defaults());
             OutboxRelay relay = OutboxRelay.builder(db, TestKafka.settings("replenishment-relay"))
                     .holder("replenishment-test-relay").random(new SplittableRandom(5)).build().start();
             IdempotentConsumer replenishment = consumer(db, ReplenishmentServices.REPLENISHMENT_CONSUMER,
                     services.replenishmentHandler()::handle);
             IdempotentConsumer restock = consumer(db, ReplenishmentServices.RESTOCK_CONSUMER,
                     services.restockHandler()::handle)) {

            // The ledger's leader announces the episode, and a new leader announces it again (new event id).
            SqlOutbox inventoryOutbox = new SqlOutbox("/fivenines/inventory", ids, W3CTraceContextPropagator.getInstance());
            for (int i = 0; i < 2; i++) {
                db.inTransaction(tx -> inventoryOutbox.append(tx, new OutgoingEvent(Topics.INVENTORY, sku, EventTypes.STOCK_LOW,
                        sku, StockLowEvent.SCHEMA_VERSION, new StockLowEvent(sku, 4, 1, 5, 9, ReplenishmentFixture.START))));
            }

            await().atMost(PATIENCE).until(() -> replenishment.handledCount() >= 2);
            List<PurchaseOrder> orders = db.inTransaction(c -> new PurchaseOrderStore().listNewest(c, sku, 10));
            assertThat(orders).hasSize(1);
            PurchaseOrder po = orders.getFirst();

            services.scheduler().runOnce();
            clock.advance(LEAD);
            ReplenishmentScheduler.RunResult delivered = services.scheduler().runOnce();
            assertThat(delivered.receipts()).isBetween(1, 3);

            await().atMost(PATIENCE).until(() -> ledger.onHand(sku) == 9);
            List<FakeLedger.Call> calls = ledger.calls();
            assertThat(calls).hasSize(delivered.receipts());
            assertThat(calls).extracting(FakeLedger.Call::receiptId)
                    .allSatisfy(id -> assertThat(id).startsWith(po.poId() + "-"))
                    .doesNotHaveDuplicates();
            assertThat(restock.deadLetteredCount()).isZero();
            assertThat(replenishment.deadLetteredCount()).isZero();
        }
    }

    private static IdempotentConsumer consumer(Database db, String name, dev.fivenines.events.EventHandler handler) {
        return IdempotentConsumer.builder(name)
                .settings(TestKafka.settings(name + "-test"))
                .topics(Topics.INVENTORY)
                .database(db)
                .handler(handler)
                .maxAttempts(3)
                .backoff(Backoff.equalJitter(20, 200, 2.0))
                .random(new SplittableRandom(9))
                .build()
                .start();
    }
}
