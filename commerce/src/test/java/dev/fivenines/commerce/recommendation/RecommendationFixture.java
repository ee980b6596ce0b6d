package dev.fivenines.commerce.recommendation;

import dev.fivenines.commerce.testing.TestEvents;
import dev.fivenines.commerce.payloads.MoneyJson;
import dev.fivenines.commerce.payloads.OrderPlaced;
import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.Topics;
import dev.fivenines.db.Database;
import dev.fivenines.db.testing.TestPostgres;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A migrated database with the catalog's products table, and the recommendations parts on it. */
final class RecommendationFixture implements AutoCloseable {
    static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    static final Instant PLACED_AT = Instant.parse("2026-11-22T10:00:00Z");

    final Database db;
    final HoldingSleeper sleeper = new HoldingSleeper();
    final ScriptedRandom random = new ScriptedRandom();
    final RecommendationServices services;

    RecommendationFixture(String name) {
        db = TestPostgres.freshDatabase(name);
        // The catalog (another part of commerce) owns this table in its own migration; its columns
        // are the contract we read.
        db.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS products (id TEXT PRIMARY KEY, name TEXT, description TEXT,"
                        + " category TEXT, price_minor BIGINT, currency TEXT)");
            }
            return null;
        });
        services = RecommendationServices.create(db, sleeper, random, ADMIN_TOKEN);
    }

    void product(String id, String name, long priceMinor) {
        db.inTransaction(c -> {
            try (var s = c.prepareStatement("INSERT INTO products (id, name, description, category, price_minor, currency)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, name);
                s.setString(3, "A fine " + name);
                s.setString(4, "test");
                s.setLong(5, priceMinor);
                s.setString(6, "EUR");
                s.executeUpdate();
            }
            return null;
        });
    }

    /** An OrderPlaced of the given products, {@code quantity} units each, handled in one transaction. */
    void order(int quantity, String... productIds) {
        handle(placed(quantity, productIds));
    }

    static EventEnvelope placed(int quantity, String... productIds) {
        String orderId = UUID.randomUUID().toString();
        List<OrderPlaced.Line> lines = new ArrayList<>();
        for (String productId : productIds) {
            lines.add(new OrderPlaced.Line(productId, quantity, new MoneyJson("1.00", "EUR")));
        }
        OrderPlaced payload = new OrderPlaced(orderId, "buyer@example.org", lines, new MoneyJson("1.00", "EUR"), PLACED_AT);
        return envelope(EventTypes.ORDER_PLACED, orderId, payload, OrderPlaced.SCHEMA_VERSION);
    }

    static EventEnvelope envelope(String type, String orderId, Object payload, int schemaVersion) {
        return TestEvents.envelope("/fivenines/shop", Topics.ORDERS, type, orderId, PLACED_AT, schemaVersion, payload);
    }

    void handle(EventEnvelope event) {
        TestEvents.handleInTransaction(db, services.handler(), event);
    }

    /** "product->other" to count, for every stored pair. */
    Map<String, Long> pairs() {
        return queryCounts("SELECT product_id || '->' || other_id, count FROM recommendation_pairs ORDER BY 1");
    }

    Map<String, Long> popularity() {
        return queryCounts("SELECT product_id, units FROM recommendation_popularity ORDER BY 1");
    }

    private Map<String, Long> queryCounts(String sql) {
        return db.inTransaction(c -> {
            try (var s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                Map<String, Long> counts = new LinkedHashMap<>();
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
                return counts;
            }
        });
    }

    void clearModel() {
        db.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("DELETE FROM recommendation_pairs");
                s.execute("DELETE FROM recommendation_popularity");
            }
            return null;
        });
    }

    @Override
    public void close() {
        sleeper.release();
        db.close();
    }

    /**
     * Records every requested wait; returns at once unless holding, in which case it blocks until
     * released, standing in for a server that is slow for as long as the test needs.
     */
    static final class HoldingSleeper implements Sleeper {
        final List<Long> requested = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();

        void holdRequests() {
            hold.set(new CountDownLatch(1));
        }

        void release() {
            CountDownLatch latch = hold.getAndSet(null);
            if (latch != null) {
                latch.countDown();
            }
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            requested.add(millis);
            CountDownLatch latch = hold.get();
            if (latch != null && !latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test never released the held request");
            }
        }
    }

    /** Uniform draws the test chooses; 0.5 unless told otherwise. */
    static final class ScriptedRandom implements java.util.function.DoubleSupplier {
        volatile double next = 0.5;

        @Override
        public double getAsDouble() {
            return next;
        }
    }
}
