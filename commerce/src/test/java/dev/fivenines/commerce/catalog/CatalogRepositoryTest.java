package dev.fivenines.commerce.catalog;

import dev.fivenines.db.testing.MutableClock;
import dev.fivenines.db.Database;
import dev.fivenines.db.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The seeded catalog on a real PostgreSQL: paging, filters, text search, top sellers. */
class CatalogRepositoryTest {
    private static final int PRODUCTS = 1_200;
    private static Database db;
    private static CatalogRepository catalog;
    private static int insertedByTwoSeeders;

    @BeforeAll
    static void seed() throws Exception {
        db = TestPostgres.freshDatabase("catalog");
        // Two processes seeding at once: the first wins, the other changes nothing.
        try (var pool = Executors.newFixedThreadPool(2)) {
            Callable<Integer> seeder = () -> CatalogSeeder.seedIfEmpty(db, PRODUCTS, 25);
            List<Future<Integer>> results = List.of(pool.submit(seeder), pool.submit(seeder));
            insertedByTwoSeeders = results.get(0).get() + results.get(1).get();
        }
        catalog = new CatalogRepository(db);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static ProductQuery query(int page, int size, String category, String text) {
        return new ProductQuery(page, size, Optional.ofNullable(category), Optional.ofNullable(text));
    }

    @Test
    void givenTwoConcurrentSeeders_whenDone_thenEachProductAndStockRowExistsOnceAndASecondSeedDoesNothing() {
        assertThat(insertedByTwoSeeders).isEqualTo(PRODUCTS);
        assertThat(CatalogSeeder.seedIfEmpty(db, PRODUCTS, 25)).isZero();
        assertThat(catalog.page(query(0, 1, null, null)).total()).isEqualTo(PRODUCTS);
        long stockRows = db.inTransaction(tx -> {
            try (var s = tx.prepareStatement("SELECT count(*) FROM inventory_stock WHERE on_hand = 25"); var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(stockRows).isEqualTo(PRODUCTS);
    }

    @Test
    void givenTheSeeder_whenAskedTwiceForAProduct_thenTheSameProductWithAPlausiblePrice() {
        assertThat(CatalogSeeder.product(17)).isEqualTo(CatalogSeeder.product(17));
        assertThat(catalog.find(CatalogSeeder.productId(17))).contains(CatalogSeeder.product(17));
        for (int i = 1; i <= PRODUCTS; i++) {
            Product p = CatalogSeeder.product(i);
            assertThat(p.price().minorUnits()).isBetween(299L, 40_000L);
            assertThat(p.price().minorUnits() % 10).isEqualTo(9);
        }
        assertThat(catalog.categories()).containsExactlyElementsOf(CatalogSeeder.categoryNames().stream().sorted().toList());
    }

    @Test
    void givenPages_whenWalkedInOrder_thenEveryProductAppearsOnceSortedById() {
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 13; page++) {
            catalog.page(query(page, 100, null, null)).items().forEach(p -> seen.add(p.id()));
        }
        assertThat(seen).hasSize(PRODUCTS).doesNotHaveDuplicates().isSorted();
        assertThat(catalog.page(query(12, 100, null, null)).items()).isEmpty();
    }

    @Test
    void givenACategoryAndText_whenFiltered_thenOnlyMatchingProductsCountAndAppear() {
        ProductPage kitchen = catalog.page(query(0, 100, "Kitchen", null));
        assertThat(kitchen.total()).isEqualTo(PRODUCTS / 10);
        assertThat(kitchen.items()).allSatisfy(p -> assertThat(p.category()).isEqualTo("Kitchen"));

        ProductPage kettles = catalog.page(query(0, 100, null, "KETTLE"));
        assertThat(kettles.total()).isPositive();
        assertThat(kettles.items()).allSatisfy(p -> assertThat((p.name() + p.description()).toLowerCase()).contains("kettle"));

        ProductPage kitchenKettles = catalog.page(query(0, 100, "Garden", "kettle"));
        assertThat(kitchenKettles.total()).isZero();
        assertThat(catalog.page(query(0, 10, "No Such Category", null)).items()).isEmpty();
    }

    @Test
    void givenTextWithLikeWildcards_whenSearched_thenTheyMatchOnlyThemselves() {
        assertThat(catalog.page(query(0, 10, null, "%")).total()).isZero();
        assertThat(catalog.page(query(0, 10, null, "_")).total()).isZero();
        assertThat(catalog.page(query(0, 10, null, "'; DROP TABLE products; --")).total()).isZero();
        assertThat(catalog.page(query(0, 10, null, "Yo-Yo")).total()).isPositive();
    }

    @Test
    void givenOrders_whenTopSellersAreAsked_thenBestSellersFirstCachedForTheTtl() {
        MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
        TopSellers top = new TopSellers(db, clock, Duration.ofSeconds(30));
        insertOrder(clock, "sku-000003", 5);
        insertOrder(clock, "sku-000002", 2);
        assertThat(top.productIds()).containsExactly("sku-000003", "sku-000002");

        insertOrder(clock, "sku-000002", 9);
        assertThat(top.productIds()).containsExactly("sku-000003", "sku-000002");
        clock.advance(Duration.ofSeconds(31));
        assertThat(top.productIds()).containsExactly("sku-000002", "sku-000003");
    }

    private static void insertOrder(MutableClock clock, String productId, int quantity) {
        UUID orderId = UUID.randomUUID();
        Product p = catalog.find(productId).orElseThrow();
        db.inTransaction(tx -> {
            try (var o = tx.prepareStatement("""
                    INSERT INTO orders (id, cart_id, email, status, currency, total_minor, idempotency_key, created_at, updated_at)
                    VALUES (?, ?, 'a@b.c', 'PLACED', 'USD', ?, ?, ?, ?)""")) {
                o.setObject(1, orderId);
                o.setObject(2, UUID.randomUUID());
                o.setLong(3, p.price().minorUnits() * quantity);
                o.setString(4, "k-" + orderId);
                o.setTimestamp(5, Timestamp.from(clock.instant()));
                o.setTimestamp(6, Timestamp.from(clock.instant()));
                o.executeUpdate();
            }
            try (var l = tx.prepareStatement("INSERT INTO order_lines VALUES (?, ?, ?, ?, ?)")) {
                l.setObject(1, orderId);
                l.setString(2, productId);
                l.setString(3, p.name());
                l.setInt(4, quantity);
                l.setLong(5, p.price().minorUnits());
                l.executeUpdate();
            }
            return null;
        });
    }

    @Test
    void givenTheSeededCatalog_whenCountingDistinctNames_thenNamesVary() {
        Set<String> names = new HashSet<>();
        for (int i = 1; i <= 200; i++) {
            names.add(CatalogSeeder.product(i).name());
        }
        assertThat(names.size()).isGreaterThan(150);
    }
}
