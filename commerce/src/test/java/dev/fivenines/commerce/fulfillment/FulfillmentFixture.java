package dev.fivenines.commerce.fulfillment;

import dev.fivenines.commerce.testing.MutableClock;
import dev.fivenines.base.Ids;
import dev.fivenines.base.Json;
import dev.fivenines.commerce.events.MoneyJson;
import dev.fivenines.commerce.events.OrderCancelled;
import dev.fivenines.commerce.events.OrderPlaced;
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
        return new EventEnvelope(UUID.randomUUID(), "/fivenines/shop", type, orderId, START, schemaVersion,
                Topics.ORDERS, orderId, 0, 0L, Json.mapper().valueToTree(payload), Map.of());
    }

    void handle(EventEnvelope event) {
        db.inTransaction(tx -> {
            services.handler().handle(tx, event);
            return null;
        });
    }

    record OutboxRow(String topic, String key, String type, String subject, int schemaVersion, Map<String, Object> payload) {
    }

    List<OutboxRow> outbox() {
        return db.inTransaction(c -> {
            try (var s = c.prepareStatement("SELECT topic, event_key, event_type, subject, schema_version, payload"
                    + " FROM outbox ORDER BY id"); ResultSet rs = s.executeQuery()) {
                List<OutboxRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), readMap(rs.getString(6))));
                }
                return rows;
            }
        });
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMap(String json) {
        try {
            return Json.mapper().readValue(json, Map.class);
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
