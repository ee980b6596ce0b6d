package dev.fivenines.commerce.testing;

import dev.fivenines.base.Ids;
import dev.fivenines.base.Json;
import dev.fivenines.commerce.catalog.CatalogSeeder;
import dev.fivenines.commerce.catalog.RecommendationSource;
import dev.fivenines.commerce.payment.GuardedPaymentProvider;
import dev.fivenines.commerce.shop.ShopServices;
import dev.fivenines.events.SqlOutbox;
import dev.fivenines.db.Database;
import dev.fivenines.db.testing.MutableClock;
import dev.fivenines.db.testing.TestPostgres;
import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.inventory.sql.PgStockLedger;
import io.opentelemetry.context.propagation.TextMapPropagator;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A shop on a fresh real PostgreSQL database: seeded catalog ({@value #PRODUCTS} products,
 * {@value #UNITS} units each), the SQL stock ledger, a controllable payment provider behind the
 * real breaker and deadline, the SQL outbox, a controlled clock and seeded ids.
 */
public final class ShopFixture implements AutoCloseable {
    public static final int PRODUCTS = 30;
    public static final int UNITS = 100;

    public final Database db;
    public final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    public final Ids ids = new Ids(() -> clock.millis(), new SplittableRandom(11));
    public final PgStockLedger ledger;
    public final ControllablePaymentProvider provider = new ControllablePaymentProvider();
    public final GuardedPaymentProvider payments;
    public final ShopServices shop;
    public volatile RecommendationSource recommendations = (id, limit) -> List.of();

    public ShopFixture(String name) {
        this(name, UnaryOperator.identity());
    }

    /** As above, with the shop talking to the ledger through {@code wrapLedger} (e.g. a {@link FlakyLedger}). */
    public ShopFixture(String name, UnaryOperator<InventoryClient> wrapLedger) {
        db = TestPostgres.freshDatabase(name);
        CatalogSeeder.seedIfEmpty(db, PRODUCTS, UNITS);
        ledger = new PgStockLedger(db, clock);
        payments = GuardedPaymentProvider.create(provider, Duration.ofMillis(500), Duration.ofSeconds(5), clock);
        shop = ShopServices.create(db, wrapLedger.apply(ledger), payments, (id, limit) -> recommendations.recommend(id, limit),
                new SqlOutbox("/fivenines/shop", ids, TextMapPropagator.noop()), clock, ids);
    }

    public static String sku(int index) {
        return CatalogSeeder.productId(index);
    }

    public static String checkoutBody(UUID cartId, String email) {
        try {
            return Json.mapper().writeValueAsString(java.util.Map.of("cartId", cartId.toString(), "email", email));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void setOnHand(String sku, int onHand) {
        db.inTransaction(tx -> {
            try (var s = tx.prepareStatement("UPDATE inventory_stock SET on_hand = ? WHERE sku = ?")) {
                s.setInt(1, onHand);
                s.setString(2, sku);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** on_hand and held of a SKU. */
    public List<Integer> stock(String sku) {
        return db.inTransaction(tx -> {
            try (var s = tx.prepareStatement("SELECT on_hand, held FROM inventory_stock WHERE sku = ?")) {
                s.setString(1, sku);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return List.of(rs.getInt(1), rs.getInt(2));
                }
            }
        });
    }

    public long count(String sql, Object... params) {
        return db.inTransaction(tx -> {
            try (var s = tx.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    public String string(String sql, Object... params) {
        return db.inTransaction(tx -> {
            try (var s = tx.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                try (var rs = s.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    @Override
    public void close() {
        provider.releaseHanging();
        shop.close();
        db.close();
    }
}
