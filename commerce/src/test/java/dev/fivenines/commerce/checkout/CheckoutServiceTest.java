package dev.fivenines.commerce.checkout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.base.ProblemException;
import dev.fivenines.commerce.idempotency.IdempotencyRules;
import dev.fivenines.commerce.idempotency.IdempotencyStore;
import dev.fivenines.commerce.idempotency.RequestFingerprint;
import dev.fivenines.commerce.payment.PaymentStatus;
import dev.fivenines.commerce.testing.ControllablePaymentProvider.Mode;
import dev.fivenines.commerce.testing.ShopFixture;
import dev.fivenines.events.SqlOutbox;
import dev.fivenines.db.Database;
import dev.fivenines.db.DbSettings;
import dev.fivenines.inventory.HoldStatus;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static dev.fivenines.commerce.testing.ShopFixture.sku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checkout against a real PostgreSQL: orders, holds, payments, keys and the outbox move together. */
class CheckoutServiceTest {
    private static ShopFixture f;
    private static int keys;

    @BeforeAll
    static void start() {
        f = new ShopFixture("checkout");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static String newKey() {
        return "key-" + (++keys) + "-" + UUID.randomUUID();
    }

    private static UUID cartWith(int skuIndex, int quantity) {
        UUID cart = f.shop.carts().create().id();
        f.shop.carts().addLine(cart, sku(skuIndex), quantity);
        return cart;
    }

    private static CheckoutResponse checkout(String key, UUID cartId, String email) {
        String body = ShopFixture.checkoutBody(cartId, email);
        return f.shop.checkout().checkout(key, RequestFingerprint.of("POST", "/api/v1/checkout", body.getBytes(StandardCharsets.UTF_8)),
                cartId, email);
    }

    private static JsonNode json(String body) throws Exception {
        return Json.mapper().readTree(body);
    }

    @Test
    void givenACart_whenCheckedOut_thenOrderLinesPaymentKeyAndOrderPlacedEventAreAllWrittenAndStockIsHeld() throws Exception {
        UUID cart = f.shop.carts().create().id();
        f.shop.carts().addLine(cart, sku(1), 2);
        f.shop.carts().addLine(cart, sku(2), 1);
        List<Integer> before = f.stock(sku(1));

        CheckoutResponse response = checkout(newKey(), cart, "ann@example.com");

        assertThat(response.status()).isEqualTo(201);
        UUID orderId = response.orderId();
        assertThat(response.location()).isEqualTo("/api/v1/orders/" + orderId);
        JsonNode order = json(response.body());
        assertThat(order.get("status").asText()).isEqualTo("PLACED");
        assertThat(order.get("lines")).hasSize(2);
        assertThat(order.get("payment").get("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(f.count("SELECT count(*) FROM orders WHERE id = ?", orderId)).isEqualTo(1);
        assertThat(f.count("SELECT count(*) FROM order_lines WHERE order_id = ?", orderId)).isEqualTo(2);
        assertThat(f.string("SELECT status FROM payments WHERE order_id = ?", orderId)).isEqualTo("AUTHORIZED");
        assertThat(f.string("SELECT status FROM carts WHERE id = ?", cart)).isEqualTo("CHECKED_OUT");
        assertThat(f.count("SELECT count(*) FROM outbox WHERE event_key = ? AND event_type = 'dev.fivenines.order.placed' AND topic = 'fivenines.orders'",
                orderId.toString())).isEqualTo(1);
        JsonNode payload = json(f.string("SELECT payload FROM outbox WHERE event_key = ?", orderId.toString()));
        assertThat(payload.get("orderId").asText()).isEqualTo(orderId.toString());
        assertThat(payload.get("total").get("amount").asText()).isEqualTo(order.get("total").get("amount").asText());
        assertThat(f.ledger.status(orderId)).isEqualTo(HoldStatus.HELD);
        assertThat(f.stock(sku(1))).containsExactly(before.get(0), before.get(1) + 2);
    }

    @Test
    void givenACompletedCheckout_whenRepeatedWithTheSameKeyAndBody_thenTheSameAnswerIsReplayedAndNothingNewIsWritten() {
        UUID cart = cartWith(3, 1);
        String key = newKey();
        CheckoutResponse first = checkout(key, cart, "ann@example.com");
        CheckoutResponse again = checkout(key, cart, "ann@example.com");

        assertThat(again.replayed()).isTrue();
        assertThat(again.status()).isEqualTo(first.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.orderId()).isEqualTo(first.orderId());
        assertThat(f.count("SELECT count(*) FROM orders WHERE cart_id = ?", cart)).isEqualTo(1);
        assertThat(f.count("SELECT count(*) FROM outbox WHERE event_key = ?", first.orderId().toString())).isEqualTo(1);
    }

    @Test
    void givenAUsedKey_whenSentWithADifferentBody_thenA422AndNoSecondOrder() {
        UUID cart = cartWith(4, 1);
        String key = newKey();
        checkout(key, cart, "ann@example.com");

        assertThatThrownBy(() -> checkout(key, cart, "someone.else@example.com"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(422);
                    assertThat(e.problem().type()).isEqualTo("/problems/idempotency-key-reused");
                });
        assertThat(f.count("SELECT count(*) FROM orders WHERE cart_id = ?", cart)).isEqualTo(1);
    }

    @Test
    void givenAKeyWhoseAttemptIsStillRunning_whenRepeated_thenA409WithRetryAfter() {
        UUID cart = cartWith(5, 1);
        String key = newKey();
        String fingerprint = RequestFingerprint.of("POST", "/api/v1/checkout",
                ShopFixture.checkoutBody(cart, "ann@example.com").getBytes(StandardCharsets.UTF_8));
        // Another instance claimed the key a moment ago and is still working on it.
        new IdempotencyStore(f.db, f.clock, IdempotencyStore.DEFAULT_LOCK).begin(key, fingerprint, UUID.randomUUID());

        assertThatThrownBy(() -> checkout(key, cart, "ann@example.com"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(409);
                    assertThat(e.problem().type()).isEqualTo("/problems/request-in-progress");
                    assertThat(e.retryAfterSeconds()).isBetween(1, 5);
                });
    }

    @Test
    void givenAnAttemptThatDiedAfterHoldingStock_whenRetriedAfterItsLock_thenTheSameOrderIdAndHoldAreReused() {
        UUID cart = cartWith(6, 2);
        String key = newKey();
        String fingerprint = RequestFingerprint.of("POST", "/api/v1/checkout",
                ShopFixture.checkoutBody(cart, "ann@example.com").getBytes(StandardCharsets.UTF_8));
        UUID deadOrderId = UUID.randomUUID();
        var store = new IdempotencyStore(f.db, f.clock, IdempotencyStore.DEFAULT_LOCK);
        assertThat(store.begin(key, fingerprint, deadOrderId)).isEqualTo(new IdempotencyRules.Decision.Proceed(deadOrderId, false));
        f.ledger.reserve(deadOrderId, List.of(new dev.fivenines.inventory.StockLine(sku(6), 2)), CheckoutService.HOLD_TTL);
        List<Integer> held = f.stock(sku(6));
        f.clock.advance(IdempotencyStore.DEFAULT_LOCK.plusSeconds(1));

        CheckoutResponse response = checkout(key, cart, "ann@example.com");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.orderId()).isEqualTo(deadOrderId);
        assertThat(f.stock(sku(6))).isEqualTo(held);
    }

    @Test
    void givenTooLittleStock_whenCheckedOut_thenA409NamingTheShortSkusAndNothingHeldOrCharged() throws Exception {
        UUID cart = f.shop.carts().create().id();
        f.shop.carts().addLine(cart, sku(7), 5);
        f.shop.carts().addLine(cart, sku(8), 1);
        f.setOnHand(sku(7), 3);
        List<Integer> before8 = f.stock(sku(8));
        String key = newKey();

        CheckoutResponse response = checkout(key, cart, "ann@example.com");

        assertThat(response.status()).isEqualTo(409);
        JsonNode problem = json(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("/problems/out-of-stock");
        assertThat(problem.get("shortages")).hasSize(1);
        assertThat(problem.get("shortages").get(0).get("productId").asText()).isEqualTo(sku(7));
        assertThat(problem.get("shortages").get(0).get("available").asInt()).isEqualTo(3);
        assertThat(f.stock(sku(8))).isEqualTo(before8);
        assertThat(f.count("SELECT count(*) FROM orders WHERE cart_id = ?", cart)).isZero();
        assertThat(f.provider.status(response.orderId())).isEmpty();
        assertThat(checkout(key, cart, "ann@example.com").body()).isEqualTo(response.body());
    }

    @Test
    void givenADecliningCard_whenCheckedOut_thenA402AndTheHoldIsReleased() throws Exception {
        UUID cart = cartWith(9, 4);
        List<Integer> before = f.stock(sku(9));

        CheckoutResponse response = checkout(newKey(), cart, "broke@decline.test");

        assertThat(response.status()).isEqualTo(402);
        assertThat(json(response.body()).get("type").asText()).isEqualTo("/problems/payment-declined");
        assertThat(f.ledger.status(response.orderId())).isEqualTo(HoldStatus.RELEASED);
        assertThat(f.stock(sku(9))).isEqualTo(before);
        assertThat(f.count("SELECT count(*) FROM orders WHERE cart_id = ?", cart)).isZero();
        assertThat(f.string("SELECT status FROM carts WHERE id = ?", cart)).isEqualTo("OPEN");
    }

    @Test
    void givenTheProviderIsDown_whenCheckedOut_thenA503WithRetryAfterTheHoldReleasedAndTheKeyFreeForARetry() {
        UUID cart = cartWith(10, 1);
        List<Integer> before = f.stock(sku(10));
        String key = newKey();
        f.provider.mode(Mode.DOWN);
        try {
            assertThatThrownBy(() -> checkout(key, cart, "ann@example.com"))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.problem().status()).isEqualTo(503);
                        assertThat(e.retryAfterSeconds()).isNotNull().isPositive();
                    });
        } finally {
            f.provider.mode(Mode.UP);
        }
        assertThat(f.stock(sku(10))).isEqualTo(before);
        assertThat(f.count("SELECT count(*) FROM orders WHERE cart_id = ?", cart)).isZero();
        assertThat(f.count("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = ?", key)).isZero();

        CheckoutResponse retry = checkout(key, cart, "ann@example.com");
        assertThat(retry.status()).isEqualTo(201);
    }

    @Test
    void givenTheProviderHangs_whenCheckedOut_thenTheDeadlineAnswers503AndTheHoldIsReleased() {
        UUID cart = cartWith(11, 1);
        List<Integer> before = f.stock(sku(11));
        f.provider.mode(Mode.HANGING);
        try {
            assertThatThrownBy(() -> checkout(newKey(), cart, "ann@example.com"))
                    .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(503));
        } finally {
            f.provider.mode(Mode.UP);
        }
        assertThat(f.stock(sku(11))).isEqualTo(before);
    }

    @Test
    void givenACheckedOutCart_whenCheckedOutAgainWithANewKey_thenA409AndStillOneOrder() throws Exception {
        UUID cart = cartWith(12, 1);
        assertThat(checkout(newKey(), cart, "ann@example.com").status()).isEqualTo(201);
        List<Integer> before = f.stock(sku(12));

        CheckoutResponse second = checkout(newKey(), cart, "ann@example.com");

        assertThat(second.status()).isEqualTo(409);
        assertThat(json(second.body()).get("type").asText()).isEqualTo("/problems/cart-checked-out");
        assertThat(f.count("SELECT count(*) FROM orders WHERE cart_id = ?", cart)).isEqualTo(1);
        assertThat(f.stock(sku(12))).isEqualTo(before);
    }

    @Test
    void givenAnEmptyOrUnknownCart_whenCheckedOut_thenA422OrA404() throws Exception {
        UUID empty = f.shop.carts().create().id();
        CheckoutResponse emptyAnswer = checkout(newKey(), empty, "ann@example.com");
        assertThat(emptyAnswer.status()).isEqualTo(422);
        assertThat(json(emptyAnswer.body()).get("type").asText()).isEqualTo("/problems/empty-cart");

        assertThat(checkout(newKey(), UUID.randomUUID(), "ann@example.com").status()).isEqualTo(404);
    }

    @Test
    void givenTheDatabaseIsDown_whenCheckedOut_thenA503WithRetryAfterAndNoOrder() {
        Database down = Database.connect(new DbSettings("jdbc:postgresql://127.0.0.1:1/nothing", "postgres", "", 2, 250), "down");
        try (var shop = dev.fivenines.commerce.shop.ShopServices.create(down, f.ledger, f.payments, (id, n) -> List.of(),
                new SqlOutbox("/fivenines/shop", f.ids, TextMapPropagator.noop()), f.clock, f.ids)) {
            UUID cart = UUID.randomUUID();
            assertThatThrownBy(() -> shop.checkout().checkout(newKey(), "fp", cart, "ann@example.com"))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.problem().status()).isEqualTo(503);
                        assertThat(e.retryAfterSeconds()).isEqualTo(CheckoutService.DATABASE_RETRY_AFTER_SECONDS);
                    });
        } finally {
            down.close();
        }
    }

    @Test
    void givenAPlacedOrder_whenItsPaymentIsInspected_thenOneAuthorizationAtTheProvider() {
        UUID cart = cartWith(13, 1);
        CheckoutResponse response = checkout(newKey(), cart, "ann@example.com");
        assertThat(f.provider.status(response.orderId())).contains(PaymentStatus.AUTHORIZED);
    }

    @Test
    void givenOldFinishedKeys_whenPurged_thenOnlyThoseOlderThanTheCutoffGoInBoundedBatches() {
        var store = new IdempotencyStore(f.db, f.clock, IdempotencyStore.DEFAULT_LOCK);
        String old1 = newKey();
        String old2 = newKey();
        String running = newKey();
        for (String key : List.of(old1, old2, running)) {
            store.begin(key, "fp", UUID.randomUUID());
        }
        store.complete(old1, 201, "{}");
        store.complete(old2, 402, "{}");
        f.clock.advance(java.time.Duration.ofDays(2));
        String recent = newKey();
        store.begin(recent, "fp", UUID.randomUUID());
        store.complete(recent, 201, "{}");
        java.time.Instant cutoff = f.clock.instant().minus(java.time.Duration.ofDays(1));

        int purged = 0;
        int batch;
        do {
            batch = store.purgeCompletedBefore(cutoff, 1);
            purged += batch;
        } while (batch == 1);

        assertThat(store.find(old1)).isEmpty();
        assertThat(store.find(old2)).isEmpty();
        assertThat(store.find(running)).isPresent();
        assertThat(store.find(recent)).isPresent();
        assertThat(purged).isGreaterThanOrEqualTo(2);
    }
}
