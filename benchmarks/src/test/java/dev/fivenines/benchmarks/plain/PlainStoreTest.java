package dev.fivenines.benchmarks.plain;

import dev.fivenines.commerce.catalog.CatalogSeeder;
import dev.fivenines.commerce.payment.SimulatedPaymentProvider;
import dev.fivenines.db.Database;
import dev.fivenines.db.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The baseline must keep the guarantees it is compared on: no oversell, one order per key (real PostgreSQL). */
class PlainStoreTest {
    private static final String SKU = CatalogSeeder.productId(1);
    private Database db;
    private PlainStore store;

    @BeforeEach
    void setUp() {
        db = TestPostgres.freshDatabase("plain_store");
        store = new PlainStore(db, new SimulatedPaymentProvider(0, 0.0, new SplittableRandom(1), millis -> { }));
        store.createSchema();
        assertThat(store.seed(3, 5)).isEqualTo(3);
        assertThat(store.seed(3, 5)).as("a second seed changes nothing").isZero();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aRetriedCheckoutReplaysTheFirstOrderAndTakesTheStockOnce() {
        UUID cart = cartWith(SKU, 2);
        var first = (PlainStore.Outcome.Placed) store.checkout(cart, "a@b.test", "key-1");
        var again = (PlainStore.Outcome.Placed) store.checkout(cart, "a@b.test", "key-1");

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.order().id()).isEqualTo(first.order().id());
        assertThat(store.product(SKU).orElseThrow().available()).isEqualTo(3);
        assertThat(store.order(first.order().id(), first.order().accessToken())).isPresent();
        assertThat(store.order(first.order().id(), "not-the-token")).isEmpty();
    }

    @Test
    void moreThanIsLeftIsRefusedAndLeavesNoOrder() {
        UUID cart = cartWith(SKU, 6);
        var refused = (PlainStore.Outcome.Refused) store.checkout(cart, "a@b.test", "key-2");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(store.product(SKU).orElseThrow().available()).isEqualTo(5);
        assertThat(store.shipPaid(10)).as("no order was written").isZero();
    }

    @Test
    void aDeclinedPaymentGivesTheStockBack() {
        UUID cart = cartWith(SKU, 1);
        var refused = (PlainStore.Outcome.Refused) store.checkout(cart, "x" + SimulatedPaymentProvider.DECLINE_SUFFIX, "key-3");

        assertThat(refused.status()).isEqualTo(402);
        assertThat(store.product(SKU).orElseThrow().available()).isEqualTo(5);
    }

    @Test
    void concurrentBuyersNeverOversell() throws Exception {
        List<Callable<PlainStore.Outcome>> buyers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            UUID cart = cartWith(SKU, 1);
            String key = "buyer-" + i;
            buyers.add(() -> store.checkout(cart, "a@b.test", key));
        }
        List<PlainStore.Outcome> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<PlainStore.Outcome> f : pool.invokeAll(buyers)) {
                outcomes.add(f.get());
            }
        }

        assertThat(outcomes).filteredOn(o -> o instanceof PlainStore.Outcome.Placed).hasSize(5);
        assertThat(outcomes).filteredOn(o -> o instanceof PlainStore.Outcome.Refused r && r.status() == 409).hasSize(11);
        assertThat(store.product(SKU).orElseThrow().available()).isZero();
        assertThat(store.shipPaid(100)).as("every paid order is shipped once").isEqualTo(5);
        assertThat(store.shipPaid(100)).isZero();
    }

    private UUID cartWith(String sku, int quantity) {
        UUID cart = store.createCart();
        assertThat(store.addLine(cart, sku, quantity)).isPresent();
        return cart;
    }
}
