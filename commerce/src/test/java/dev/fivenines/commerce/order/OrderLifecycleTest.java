package dev.fivenines.commerce.order;

import dev.fivenines.commerce.testing.TestEvents;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.base.ProblemException;
import dev.fivenines.commerce.checkout.CheckoutResponse;
import dev.fivenines.commerce.payloads.OrderDelivered;
import dev.fivenines.commerce.payloads.OrderPlaced;
import dev.fivenines.commerce.payloads.OrderShipped;
import dev.fivenines.commerce.idempotency.RequestFingerprint;
import dev.fivenines.commerce.payment.PaymentStatus;
import dev.fivenines.commerce.testing.ControllablePaymentProvider.Mode;
import dev.fivenines.commerce.testing.ShopFixture;
import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventHandler;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.PoisonEventException;
import dev.fivenines.events.Topics;
import dev.fivenines.inventory.HoldStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.fivenines.commerce.testing.ShopFixture.sku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Orders after checkout, on a real PostgreSQL: events from fulfillment, stock commits, cancellation. */
class OrderLifecycleTest {
    /** Each placed order's access token, as checkout handed it out. */
    private static final java.util.Map<UUID, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();
    private static ShopFixture f;
    private static long offsets;

    @BeforeAll
    static void start() {
        f = new ShopFixture("orders");
        TOKENS.clear();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static UUID placeOrder(int skuIndex, int quantity) {
        UUID cart = f.shop.carts().create().id();
        f.shop.carts().addLine(cart, sku(skuIndex), quantity);
        String body = ShopFixture.checkoutBody(cart, "ann@example.com");
        CheckoutResponse response = f.shop.checkout().checkout("k-" + UUID.randomUUID(),
                RequestFingerprint.of("POST", "/api/v1/checkout", body.getBytes(StandardCharsets.UTF_8)), cart, "ann@example.com");
        assertThat(response.status()).isEqualTo(201);
        TOKENS.put(response.orderId(), response.accessToken());
        return response.orderId();
    }

    private static Order cancel(UUID orderId, String reason) {
        return f.shop.orders().cancel(orderId, TOKENS.get(orderId), reason);
    }

    private static EventEnvelope envelope(String topic, String type, int schemaVersion, UUID orderId, Object payload) {
        return TestEvents.envelope("/fivenines/fulfillment", topic, type, orderId.toString(), f.clock.instant(),
                schemaVersion, payload, ++offsets);
    }

    private static EventEnvelope shipped(UUID orderId) {
        return envelope(Topics.SHIPMENTS, EventTypes.ORDER_SHIPPED, OrderShipped.SCHEMA_VERSION, orderId,
                new OrderShipped(orderId.toString(), "shp-1", "SIM", "TRK1", Instant.parse("2026-03-01T13:00:00Z")));
    }

    private static EventEnvelope delivered(UUID orderId) {
        return envelope(Topics.SHIPMENTS, EventTypes.ORDER_DELIVERED, OrderDelivered.SCHEMA_VERSION, orderId,
                new OrderDelivered(orderId.toString(), "shp-1", Instant.parse("2026-03-02T13:00:00Z")));
    }

    /** As the idempotent consumer does: the handler runs inside one transaction. */
    private static void handle(EventHandler handler, EventEnvelope event) {
        TestEvents.handleInTransaction(f.db, handler, event);
    }

    private static Order order(UUID id) {
        return f.shop.orders().get(id, TOKENS.get(id));
    }

    @Test
    void givenAPlacedOrder_whenShippedThenDelivered_thenPaymentIsCapturedOnceAndTheOrderWalksItsStates() {
        UUID orderId = placeOrder(1, 1);
        OrderEventsHandler handler = f.shop.orderEventsHandler();

        handle(handler, shipped(orderId));
        assertThat(order(orderId).status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(order(orderId).paymentStatus()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(f.provider.status(orderId)).contains(PaymentStatus.CAPTURED);

        handle(handler, shipped(orderId));
        assertThat(f.provider.captureCalls(orderId)).isEqualTo(1);

        handle(handler, delivered(orderId));
        handle(handler, delivered(orderId));
        assertThat(order(orderId).status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(f.provider.captureCalls(orderId)).isEqualTo(1);
    }

    @Test
    void givenACancelledOrder_whenAShipmentEventArrives_thenItIsSkippedCountedAndNothingIsCaptured() {
        UUID orderId = placeOrder(2, 1);
        cancel(orderId, "changed my mind");
        OrderEventsHandler handler = f.shop.orderEventsHandler();
        long skippedBefore = handler.skippedEvents();

        handle(handler, shipped(orderId));
        handle(handler, delivered(orderId));

        assertThat(handler.skippedEvents()).isEqualTo(skippedBefore + 2);
        assertThat(order(orderId).status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(f.provider.captureCalls(orderId)).isZero();
    }

    @Test
    void givenTheProviderIsDown_whenShipped_thenTheHandlerThrowsSoTheConsumerRetriesAndNothingMoved() {
        UUID orderId = placeOrder(3, 1);
        f.provider.mode(Mode.DOWN);
        try {
            assertThatThrownBy(() -> handle(f.shop.orderEventsHandler(), shipped(orderId))).isInstanceOf(RuntimeException.class);
        } finally {
            f.provider.mode(Mode.UP);
        }
        assertThat(order(orderId).status()).isEqualTo(OrderStatus.PLACED);
        assertThat(order(orderId).paymentStatus()).isEqualTo(PaymentStatus.AUTHORIZED);
    }

    @Test
    void givenEventsThatCanNeverSucceed_whenHandled_thenPoison() {
        UUID unknown = UUID.randomUUID();
        assertThatThrownBy(() -> handle(f.shop.orderEventsHandler(), shipped(unknown))).isInstanceOf(PoisonEventException.class);
        UUID orderId = placeOrder(4, 1);
        assertThatThrownBy(() -> handle(f.shop.orderEventsHandler(),
                envelope(Topics.SHIPMENTS, EventTypes.ORDER_SHIPPED, 99, orderId, new OrderShipped(orderId.toString(), "s", "c", "t", Instant.EPOCH))))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("schema version 99");
    }

    @Test
    void givenAPlacedOrder_whenOrderPlacedIsHandled_thenItsHoldIsCommittedOnceAndStockLeavesOnHand() {
        List<Integer> before = f.stock(sku(5));
        UUID orderId = placeOrder(5, 3);
        EventEnvelope placed = placedAsPublished(orderId);

        handle(f.shop.inventoryCommitHandler(), placed);
        handle(f.shop.inventoryCommitHandler(), placed);

        assertThat(f.ledger.status(orderId)).isEqualTo(HoldStatus.COMMITTED);
        assertThat(f.stock(sku(5))).containsExactly(before.get(0) - 3, before.get(1));
        assertThat(f.shop.inventoryCommitHandler().uncommittableHolds()).isZero();
    }

    @Test
    void givenAPlacedOrder_whenCancelled_thenStockReturnsThePaymentIsVoidedAndOrderCancelledIsInTheOutbox() {
        List<Integer> before = f.stock(sku(6));
        UUID orderId = placeOrder(6, 2);

        Order cancelled = cancel(orderId, "changed my mind");

        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order(orderId).status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order(orderId).paymentStatus()).isEqualTo(PaymentStatus.VOIDED);
        assertThat(f.provider.status(orderId)).contains(PaymentStatus.VOIDED);
        assertThat(f.stock(sku(6))).isEqualTo(before);
        assertThat(f.count("SELECT count(*) FROM outbox WHERE event_key = ? AND event_type = ?",
                orderId.toString(), EventTypes.ORDER_CANCELLED)).isEqualTo(1);
    }

    @Test
    void givenAShippedOrCancelledOrder_whenCancelled_thenA409AndNoSecondEvent() {
        UUID shippedOrder = placeOrder(7, 1);
        handle(f.shop.orderEventsHandler(), shipped(shippedOrder));
        assertThatThrownBy(() -> cancel(shippedOrder, "too late"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(409);
                    assertThat(e.problem().detail()).contains("SHIPPED");
                });

        UUID twice = placeOrder(8, 1);
        cancel(twice, "once");
        assertThatThrownBy(() -> cancel(twice, "twice")).isInstanceOf(ProblemException.class);
        assertThat(f.count("SELECT count(*) FROM outbox WHERE event_key = ? AND event_type = ?",
                twice.toString(), EventTypes.ORDER_CANCELLED)).isEqualTo(1);
    }

    @Test
    void givenACommittedAndCapturedOrder_whenCancelledBeforeShipping_thenUnitsReturnOnHandAndThePaymentIsRefunded() {
        List<Integer> before = f.stock(sku(9));
        UUID orderId = placeOrder(9, 2);
        f.ledger.commit(orderId);
        // Paid but not yet shipped: move it the way a capture would, directly in SQL.
        f.db.inTransaction(tx -> {
            dev.fivenines.commerce.payment.PaymentRecords.update(tx, orderId, PaymentStatus.AUTHORIZED, PaymentStatus.CAPTURED, f.clock.instant());
            OrderRepository.updateStatus(tx, orderId, OrderStatus.PLACED, OrderStatus.PAID, f.clock.instant());
            return null;
        });
        f.provider.capture(orderId);

        cancel(orderId, "changed my mind");

        assertThat(order(orderId).paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(f.provider.status(orderId)).contains(PaymentStatus.REFUNDED);
        assertThat(f.stock(sku(9))).isEqualTo(before);
        assertThat(f.ledger.status(orderId)).isEqualTo(HoldStatus.RELEASED);
    }

    @Test
    void givenACancelledOrder_whenItsOrderPlacedArrivesLate_thenTheCommitIsRefusedQuietly() {
        UUID orderId = placeOrder(10, 1);
        cancel(orderId, "quick change");
        EventEnvelope placed = placedAsPublished(orderId);
        long before = f.shop.inventoryCommitHandler().uncommittableHolds();

        handle(f.shop.inventoryCommitHandler(), placed);

        assertThat(f.ledger.status(orderId)).isEqualTo(HoldStatus.RELEASED);
        assertThat(f.shop.inventoryCommitHandler().uncommittableHolds()).isEqualTo(before);
    }

    /** The OrderPlaced the checkout wrote to the outbox, as the consumer receives it. */
    private static EventEnvelope placedAsPublished(UUID orderId) {
        return TestEvents.envelope("/fivenines/shop", Topics.ORDERS, EventTypes.ORDER_PLACED, orderId.toString(),
                f.clock.instant(), OrderPlaced.SCHEMA_VERSION, readOutboxPayload(orderId), ++offsets);
    }

    private static JsonNode readOutboxPayload(UUID orderId) {
        try {
            return Json.mapper().readTree(f.string("SELECT payload FROM outbox WHERE event_key = ? AND event_type = ?",
                    orderId.toString(), EventTypes.ORDER_PLACED));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
