package dev.fivenines.commerce.checkout;

import dev.fivenines.commerce.testing.TestEvents;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.base.Money;
import dev.fivenines.base.ProblemException;
import dev.fivenines.commerce.payloads.OrderShipped;
import dev.fivenines.commerce.idempotency.IdempotencyStore;
import dev.fivenines.commerce.idempotency.RequestFingerprint;
import dev.fivenines.commerce.order.OrderEventsHandler;
import dev.fivenines.commerce.payment.PaymentStatus;
import dev.fivenines.commerce.payment.PaymentUnavailableException;
import dev.fivenines.commerce.payment.PendingPaymentPolicy;
import dev.fivenines.commerce.testing.ControllablePaymentProvider.Mode;
import dev.fivenines.commerce.testing.ShopFixture;
import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.SqlOutbox;
import dev.fivenines.events.Topics;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.fivenines.commerce.testing.ShopFixture.sku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** "Payment pending" on a real PostgreSQL: orders keep flowing within the risk limit while the provider is down. */
class PendingPaymentTest {
    /** Every seeded product costs far less than this, so only the count and the per-currency sum bind. */
    private static final Money GENEROUS = new Money(100_000_000L, "USD");

    private ShopFixture f;
    private CheckoutService checkout;
    private PendingPaymentCapturer capturer;
    private int keys;

    private void shop(TestInfo info, PendingPaymentPolicy policy) {
        f = new ShopFixture("pending_" + Math.abs(info.getDisplayName().hashCode()));
        SqlOutbox outbox = new SqlOutbox("/fivenines/shop", f.ids, TextMapPropagator.noop());
        checkout = new CheckoutService(f.db, f.ledger, f.payments, outbox,
                new IdempotencyStore(f.db, f.clock, IdempotencyStore.DEFAULT_LOCK), f.clock, f.ids, policy);
        capturer = new PendingPaymentCapturer(f.db, f.payments, f.ledger, outbox, f.clock,
                PendingPaymentCapturer.Config.builder().pollInterval(Duration.ofSeconds(1)).batchSize(10)
                        .initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(30)).build());
    }

    @AfterEach
    void stop() {
        if (capturer != null) {
            capturer.close();
        }
        if (f != null) {
            f.close();
        }
    }

    private String newKey() {
        return "pending-key-" + (++keys) + "-" + UUID.randomUUID();
    }

    private UUID cartWith(int skuIndex, int quantity) {
        UUID cart = f.shop.carts().create().id();
        f.shop.carts().addLine(cart, sku(skuIndex), quantity);
        return cart;
    }

    private CheckoutResponse checkout(String key, UUID cartId, String email) {
        String body = ShopFixture.checkoutBody(cartId, email);
        return checkout.checkout(key, RequestFingerprint.of("POST", "/api/v1/checkout", body.getBytes(StandardCharsets.UTF_8)),
                cartId, email);
    }

    private static String paymentStatusIn(CheckoutResponse response) throws Exception {
        JsonNode order = Json.mapper().readTree(response.body());
        return order.get("payment").get("status").asText();
    }

    private String paymentRow(UUID orderId) {
        return f.string("SELECT status FROM payments WHERE order_id = ?", orderId);
    }

    private String orderRow(UUID orderId) {
        return f.string("SELECT status FROM orders WHERE id = ?", orderId);
    }

    private long outboxEvents(UUID orderId, String type) {
        return f.count("SELECT count(*) FROM outbox WHERE event_key = ? AND event_type = ?", orderId.toString(), type);
    }

    /** Lets the breaker (opened by the outage) half-open and every backoff pass. */
    private void providerBack() {
        f.provider.mode(Mode.UP);
        f.clock.advance(Duration.ofMinutes(2));
    }

    @Test
    void givenTheProviderIsDown_whenCheckoutsComeUpToTheRiskLimit_thenEachIsPlacedPending_andTheNextIs503AndGivesItsStockBack(TestInfo info)
            throws Exception {
        shop(info, PendingPaymentPolicy.of(2, GENEROUS, GENEROUS));
        f.provider.mode(Mode.DOWN);

        CheckoutResponse first = checkout(newKey(), cartWith(1, 1), "ann@example.com");
        CheckoutResponse second = checkout(newKey(), cartWith(2, 1), "bob@example.com");
        List<Integer> before = f.stock(sku(3));

        assertThat(List.of(first.status(), second.status())).containsExactly(201, 201);
        for (CheckoutResponse placed : List.of(first, second)) {
            assertThat(paymentStatusIn(placed)).isEqualTo("PENDING");
            assertThat(Json.mapper().readTree(placed.body()).get("status").asText()).isEqualTo("PLACED");
            assertThat(paymentRow(placed.orderId())).isEqualTo("PENDING");
            assertThat(outboxEvents(placed.orderId(), EventTypes.ORDER_PLACED)).isEqualTo(1);
        }
        assertThatThrownBy(() -> checkout(newKey(), cartWith(3, 2), "cy@example.com"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(503);
                    assertThat(e.retryAfterSeconds()).isNotNull().isPositive();
                });
        assertThat(f.count("SELECT count(*) FROM payments WHERE status = 'PENDING'")).isEqualTo(2);
        assertThat(f.stock(sku(3))).isEqualTo(before);
    }

    @Test
    void givenThePolicyIsDisabled_whenTheProviderIsDown_thenCheckoutIs503AsBefore(TestInfo info) {
        shop(info, PendingPaymentPolicy.DISABLED);
        f.provider.mode(Mode.DOWN);

        assertThatThrownBy(() -> checkout(newKey(), cartWith(1, 1), "ann@example.com"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(503));
        assertThat(f.count("SELECT count(*) FROM orders")).isZero();
    }

    @Test
    void givenAnOrderAboveTheLimitPerOrder_whenTheProviderIsDown_thenItIs503EvenWithRoomInTheCount(TestInfo info) throws Exception {
        shop(info, PendingPaymentPolicy.of(10, GENEROUS, new Money(1, "USD")));
        f.provider.mode(Mode.DOWN);

        assertThatThrownBy(() -> checkout(newKey(), cartWith(1, 1), "ann@example.com"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(503));
        assertThat(f.count("SELECT count(*) FROM payments WHERE status = 'PENDING'")).isZero();
    }

    @Test
    void givenAPendingOrder_whenTheSameKeyIsReplayed_thenTheSame201IsReturnedAndNoSecondOrderIsWritten(TestInfo info) throws Exception {
        shop(info, PendingPaymentPolicy.of(5, GENEROUS, GENEROUS));
        f.provider.mode(Mode.DOWN);
        String key = newKey();
        UUID cart = cartWith(4, 1);

        CheckoutResponse first = checkout(key, cart, "ann@example.com");
        providerBack();
        CheckoutResponse replay = checkout(key, cart, "ann@example.com");

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.orderId()).isEqualTo(first.orderId());
        assertThat(paymentStatusIn(replay)).isEqualTo("PENDING");
        assertThat(f.count("SELECT count(*) FROM orders")).isEqualTo(1);
    }

    @Test
    void givenRoomForOnePendingOrder_whenTwoCheckoutsRace_thenExactlyOneIsPlacedPendingAndTheOtherIs503(TestInfo info) throws Exception {
        shop(info, PendingPaymentPolicy.of(1, GENEROUS, GENEROUS));
        f.provider.mode(Mode.DOWN);
        UUID cartA = cartWith(5, 1);
        UUID cartB = cartWith(6, 1);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (UUID cart : List.of(cartA, cartB)) {
                String key = newKey();
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        return checkout(key, cart, "racer@example.com").status();
                    } catch (ProblemException e) {
                        return e.problem().status();
                    }
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get(60, TimeUnit.SECONDS));
            }

            assertThat(statuses).containsExactlyInAnyOrder(201, 503);
            assertThat(f.count("SELECT count(*) FROM payments WHERE status = 'PENDING'")).isEqualTo(1);
            assertThat(f.count("SELECT count(*) FROM orders")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenPendingOrders_whenTheProviderComesBack_thenTheCapturerAuthorizesEachOnceAndFreesTheRiskLimit(TestInfo info) {
        shop(info, PendingPaymentPolicy.of(1, GENEROUS, GENEROUS));
        f.provider.mode(Mode.DOWN);
        UUID orderId = checkout(newKey(), cartWith(7, 1), "ann@example.com").orderId();

        PendingPaymentCapturer.Round whileDown = capturer.runOnce();
        PendingPaymentCapturer.Round backingOff = capturer.runOnce();
        providerBack();
        PendingPaymentCapturer.Round back = capturer.runOnce();
        PendingPaymentCapturer.Round again = capturer.runOnce();

        assertThat(whileDown.deferred()).isEqualTo(1);
        assertThat(backingOff).isEqualTo(new PendingPaymentCapturer.Round(0, 0, 0, 0, 0, false));
        assertThat(back.authorized()).isEqualTo(1);
        assertThat(again.authorized()).isZero();
        assertThat(paymentRow(orderId)).isEqualTo("AUTHORIZED");
        assertThat(f.string("SELECT auth_id FROM payments WHERE order_id = ?", orderId)).isNotBlank();
        assertThat(f.provider.status(orderId)).contains(PaymentStatus.AUTHORIZED);
        assertThat(orderRow(orderId)).isEqualTo("PLACED");
        // The slot is free again: the next outage order fits.
        f.provider.mode(Mode.DOWN);
        assertThat(checkout(newKey(), cartWith(8, 1), "bob@example.com").status()).isEqualTo(201);
    }

    @Test
    void givenAPendingOrder_whenTheProviderDeclinesAtCapture_thenTheOrderIsCancelledItsStockReleasedAndOrderCancelledAppended(
            TestInfo info) {
        shop(info, PendingPaymentPolicy.of(3, GENEROUS, GENEROUS));
        List<Integer> before = f.stock(sku(9));
        f.provider.mode(Mode.DOWN);
        UUID orderId = checkout(newKey(), cartWith(9, 2), "mallory@decline.test").orderId();
        assertThat(f.stock(sku(9)).get(1)).isEqualTo(before.get(1) + 2);

        providerBack();
        PendingPaymentCapturer.Round round = capturer.runOnce();

        assertThat(round.cancelled()).isEqualTo(1);
        assertThat(orderRow(orderId)).isEqualTo("CANCELLED");
        assertThat(paymentRow(orderId)).isEqualTo("VOIDED");
        assertThat(f.stock(sku(9))).isEqualTo(before);
        assertThat(outboxEvents(orderId, EventTypes.ORDER_CANCELLED)).isEqualTo(1);
        assertThat(capturer.runOnce().cancelled()).isZero();
    }

    @Test
    void givenAPendingOrderWhoseHoldWasCommitted_whenTheProviderDeclinesAtCapture_thenTheSoldUnitsGoBackOnHand(TestInfo info) {
        shop(info, PendingPaymentPolicy.of(3, GENEROUS, GENEROUS));
        List<Integer> before = f.stock(sku(13));
        f.provider.mode(Mode.DOWN);
        UUID orderId = checkout(newKey(), cartWith(13, 3), "trent@decline.test").orderId();
        assertThat(f.ledger.commit(orderId)).isTrue();
        assertThat(f.stock(sku(13)).get(0)).isEqualTo(before.get(0) - 3);

        providerBack();
        assertThat(capturer.runOnce().cancelled()).isEqualTo(1);

        assertThat(f.stock(sku(13))).isEqualTo(before);
        assertThat(orderRow(orderId)).isEqualTo("CANCELLED");
    }

    @Test
    void givenAPendingOrder_whenTheCustomerCancelsIt_thenThePaymentIsVoidedAndTheCapturerLeavesItAlone(TestInfo info) {
        shop(info, PendingPaymentPolicy.of(3, GENEROUS, GENEROUS));
        f.provider.mode(Mode.DOWN);
        CheckoutResponse placed = checkout(newKey(), cartWith(14, 1), "ann@example.com");
        UUID orderId = placed.orderId();
        providerBack();

        f.shop.orders().cancel(orderId, placed.accessToken(), "changed my mind");
        PendingPaymentCapturer.Round round = capturer.runOnce();

        assertThat(orderRow(orderId)).isEqualTo("CANCELLED");
        assertThat(paymentRow(orderId)).isEqualTo("VOIDED");
        assertThat(round).isEqualTo(new PendingPaymentCapturer.Round(0, 0, 0, 0, 0, false));
        assertThat(f.provider.status(orderId)).isEmpty();
    }

    @Test
    void givenTheBackgroundLoop_whenStartedWithThePendingOrderDue_thenItAuthorizesWithoutBeingCalledAndStopsOnClose(TestInfo info) {
        shop(info, PendingPaymentPolicy.of(3, GENEROUS, GENEROUS));
        f.provider.mode(Mode.DOWN);
        UUID orderId = checkout(newKey(), cartWith(10, 1), "ann@example.com").orderId();
        providerBack();

        capturer.start();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(paymentRow(orderId)).isEqualTo("AUTHORIZED"));
        capturer.close();
        assertThatThrownBy(capturer::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenAPendingOrder_whenItShipsWithTheProviderBack_thenShippingAuthorizesAndCapturesIt(TestInfo info) {
        shop(info, PendingPaymentPolicy.of(3, GENEROUS, GENEROUS));
        f.provider.mode(Mode.DOWN);
        UUID orderId = checkout(newKey(), cartWith(11, 1), "ann@example.com").orderId();
        OrderEventsHandler handler = new OrderEventsHandler(f.payments, f.clock);

        assertThatThrownBy(() -> handle(handler, shipped(orderId))).isInstanceOf(PaymentUnavailableException.class);
        assertThat(paymentRow(orderId)).isEqualTo("PENDING");
        assertThat(orderRow(orderId)).isEqualTo("PLACED");

        providerBack();
        handle(handler, shipped(orderId));

        assertThat(paymentRow(orderId)).isEqualTo("CAPTURED");
        assertThat(orderRow(orderId)).isEqualTo("SHIPPED");
        assertThat(f.provider.captureCalls(orderId)).isEqualTo(1);
        assertThat(capturer.runOnce().authorized()).isZero();
    }

    @Test
    void givenAPendingOrder_whenItShipsAndTheProviderDeclines_thenNothingIsChargedAndTheEventIsSkippedForAPerson(TestInfo info) {
        shop(info, PendingPaymentPolicy.of(3, GENEROUS, GENEROUS));
        f.provider.mode(Mode.DOWN);
        UUID orderId = checkout(newKey(), cartWith(12, 1), "eve@decline.test").orderId();
        OrderEventsHandler handler = new OrderEventsHandler(f.payments, f.clock);
        providerBack();

        handle(handler, shipped(orderId));

        assertThat(paymentRow(orderId)).isEqualTo("VOIDED");
        assertThat(orderRow(orderId)).isEqualTo("PLACED");
        assertThat(f.provider.captureCalls(orderId)).isZero();
        assertThat(handler.skippedEvents()).isEqualTo(1);
    }

    private EventEnvelope shipped(UUID orderId) {
        return TestEvents.envelope("/fivenines/fulfillment", Topics.SHIPMENTS, EventTypes.ORDER_SHIPPED, orderId.toString(),
                f.clock.instant(), OrderShipped.SCHEMA_VERSION,
                new OrderShipped(orderId.toString(), "shp-1", "SIM", "TRK1", Instant.parse("2026-03-01T13:00:00Z")), ++keys);
    }

    private void handle(OrderEventsHandler handler, EventEnvelope event) {
        TestEvents.handleInTransaction(f.db, handler, event);
    }
}
