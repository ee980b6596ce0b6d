package dev.fivenines.commerce.replenishment;

import dev.fivenines.commerce.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Ids;
import dev.fivenines.base.Json;
import dev.fivenines.commerce.events.StockLowEvent;
import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.SqlOutbox;
import dev.fivenines.events.Topics;
import dev.fivenines.events.db.Database;
import dev.fivenines.events.testing.TestPostgres;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
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
        return new EventEnvelope(UUID.randomUUID(), "/fivenines/inventory", type, sku, START, schemaVersion,
                Topics.INVENTORY, sku, 0, 0L, Json.mapper().valueToTree(payload), Map.of());
    }

    void handleStockLow(EventEnvelope event) {
        db.inTransaction(tx -> {
            services.replenishmentHandler().handle(tx, event);
            return null;
        });
    }

    void handleRestock(EventEnvelope event) {
        db.inTransaction(tx -> {
            try {
                services.restockHandler().handle(tx, event);
            } catch (java.sql.SQLException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
    }

    record OutboxRow(String topic, String key, String type, String subject, int schemaVersion, JsonNode payload) {
        /** The row as a consumer would receive it (a fresh event id: the relay may publish it twice). */
        EventEnvelope asEnvelope() {
            return new EventEnvelope(UUID.randomUUID(), "/fivenines/replenishment", type, subject, START, schemaVersion,
                    topic, key, 0, 0L, payload, Map.of());
        }
    }

    List<OutboxRow> outbox() {
        return db.inTransaction(c -> {
            try (var s = c.prepareStatement("SELECT topic, event_key, event_type, subject, schema_version, payload"
                    + " FROM outbox ORDER BY id"); ResultSet rs = s.executeQuery()) {
                List<OutboxRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), readTree(rs.getString(6))));
                }
                return rows;
            }
        });
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

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("outbox payload is not JSON: " + json, e);
        }
    }

    @Override
    public void close() {
        services.close();
        db.close();
    }
}
