package dev.fivenines.commerce.fulfillment;

import dev.fivenines.db.testing.MutableClock;
import dev.fivenines.commerce.testing.OutboxRows;
import dev.fivenines.commerce.testing.TestEvents;
import dev.fivenines.base.Ids;
import dev.fivenines.commerce.payloads.MoneyJson;
import dev.fivenines.commerce.payloads.OrderCancelled;
import dev.fivenines.commerce.payloads.OrderPlaced;
import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.SqlOutbox;
import dev.fivenines.events.Topics;
import dev.fivenines.db.Database;
import dev.fivenines.db.testing.TestPostgres;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** A migrated database, a real SQL outbox and the fulfillment parts on a controlled clock. */
final class FulfillmentFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-11-22T10:00:00.123456Z");

    final MutableClock clock = new MutableClock(START);
    final Ids ids = new Ids(() -> clock.millis(), new SplittableRandom(42));
    final Database db;
    final FulfillmentServices services;

    FulfillmentFixture(String name, FulfillmentConfig config) {
        db = TestPostgres.freshDatabase(name);
        services = FulfillmentServices.create(db,
                new SqlOutbox("/fivenines/fulfillment", ids, W3CTraceContextPropagator.getInstance()), clock, ids, config);
    }

    FulfillmentFixture(String name) {
        this(name, FulfillmentConfig.defaults());
    }

    /** An OrderPlaced as the consumer would hand it over: a fresh event id every time. */
    static EventEnvelope placed(String orderId) {
        OrderPlaced payload = new OrderPlaced(orderId, "buyer@example.org",
                List.of(new OrderPlaced.Line("sku-1", 2, new MoneyJson("9.99", "EUR"))),
                new MoneyJson("19.98", "EUR"), START);
        return envelope(EventTypes.ORDER_PLACED, orderId, payload, OrderPlaced.SCHEMA_VERSION);
    }

    static EventEnvelope cancelled(String orderId) {
        return envelope(EventTypes.ORDER_CANCELLED, orderId, new OrderCancelled(orderId, "customer asked", START),
                OrderCancelled.SCHEMA_VERSION);
    }

    static EventEnvelope envelope(String type, String orderId, Object payload, int schemaVersion) {
        return TestEvents.envelope("/fivenines/shop", Topics.ORDERS, type, orderId, START, schemaVersion, payload);
    }

    void handle(EventEnvelope event) {
        TestEvents.handleInTransaction(db, services.handler(), event);
    }

    List<OutboxRows.Row> outbox() {
        return OutboxRows.read(db);
    }

    long shipmentsOf(String orderId) {
        return db.inTransaction(c -> {
            try (var s = c.prepareStatement("SELECT count(*) FROM shipments WHERE order_id = ?")) {
                s.setString(1, orderId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    Shipment shipment(String orderId) {
        return db.inTransaction(c -> new ShipmentStore().findByOrder(c, orderId))
                .orElseThrow(() -> new AssertionError("no shipment for order " + orderId));
    }

    /** A shipment a real warehouse has accepted but not yet handed to the carrier. */
    void insertCreatedShipment(String orderId) {
        db.inTransaction(tx -> new ShipmentStore().insertIfAbsent(tx, Shipment.create(ids.nextString(), orderId, clock.instant())));
    }

    @Override
    public void close() {
        services.close();
        db.close();
    }
}
