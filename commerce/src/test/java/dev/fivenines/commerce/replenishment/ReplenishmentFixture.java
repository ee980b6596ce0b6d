package dev.fivenines.commerce.replenishment;

import dev.fivenines.db.testing.MutableClock;
import dev.fivenines.commerce.testing.OutboxRows;
import dev.fivenines.commerce.testing.TestEvents;
import dev.fivenines.base.Ids;
import dev.fivenines.commerce.payloads.StockLowEvent;
import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.SqlOutbox;
import dev.fivenines.events.Topics;
import dev.fivenines.db.Database;
import dev.fivenines.db.testing.TestPostgres;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** A migrated database, a real SQL outbox and the replenishment parts on a controlled clock. */
final class ReplenishmentFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-11-22T10:00:00.123456Z");

    final MutableClock clock = new MutableClock(START);
    final Ids ids = new Ids(clock::millis, new SplittableRandom(42));
    final FakeLedger ledger = new FakeLedger();
    final CountingSupplier supplier;
    final Database db;
    final ReplenishmentServices services;

    ReplenishmentFixture(String name, SimulatedSupplier.Config supplierConfig, ReplenishmentConfig config) {
        db = TestPostgres.freshDatabase(name);
        supplier = new CountingSupplier(new SimulatedSupplier(supplierConfig, clock));
        services = ReplenishmentServices.create(db,
                new SqlOutbox("/fivenines/replenishment", ids, W3CTraceContextPropagator.getInstance()), clock, ids,
                supplier, ledger, config);
    }

    /** A supplier wrapper that counts sends, so tests see the retry bound. */
    static final class CountingSupplier implements Supplier {
        final Supplier delegate;
        final AtomicInteger sends = new AtomicInteger();

        CountingSupplier(Supplier delegate) {
            this.delegate = delegate;
        }

        @Override
        public SendResult send(OrderRequest order) {
            sends.incrementAndGet();
            return delegate.send(order);
        }

        @Override
        public List<Delivery> deliveries(DeliveryQuery order) {
            return delegate.deliveries(order);
        }
    }

    /** A StockLow as the consumer would hand it over: a fresh event id every time. */
    static EventEnvelope stockLow(String sku, long episode, int reorderQty) {
        return envelope(EventTypes.STOCK_LOW, sku, new StockLowEvent(sku, episode, 2, 5, reorderQty, START),
                StockLowEvent.SCHEMA_VERSION);
    }

    static EventEnvelope envelope(String type, String sku, Object payload, int schemaVersion) {
        return TestEvents.envelope("/fivenines/inventory", Topics.INVENTORY, type, sku, START, schemaVersion, payload);
    }

    /** An outbox row of replenishment as the restock consumer would receive it. */
    static EventEnvelope received(OutboxRows.Row row) {
        return row.asEnvelope("/fivenines/replenishment", START);
    }

    void handleStockLow(EventEnvelope event) {
        TestEvents.handleInTransaction(db, services.replenishmentHandler(), event);
    }

    void handleRestock(EventEnvelope event) {
        TestEvents.handleInTransaction(db, services.restockHandler(), event);
    }

    List<OutboxRows.Row> outbox() {
        return OutboxRows.read(db);
    }

    List<PurchaseOrder> ordersOf(String sku) {
        return db.inTransaction(c -> new PurchaseOrderStore().listNewest(c, sku, 100));
    }

    PurchaseOrder onlyOrderOf(String sku) {
        List<PurchaseOrder> orders = ordersOf(sku);
        if (orders.size() != 1) {
            throw new AssertionError("expected one purchase order for " + sku + ", found " + orders);
        }
        return orders.getFirst();
    }

    PurchaseOrder order(String poId) {
        return db.inTransaction(c -> new PurchaseOrderStore().find(c, poId))
                .orElseThrow(() -> new AssertionError("no purchase order " + poId));
    }

    List<PurchaseOrderStore.Receipt> receipts(String poId) {
        return db.inTransaction(c -> new PurchaseOrderStore().receipts(c, poId));
    }

    @Override
    public void close() {
        services.close();
        db.close();
    }
}
