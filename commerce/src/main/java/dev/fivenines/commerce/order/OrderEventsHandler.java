package dev.fivenines.commerce.order;

import dev.fivenines.commerce.payloads.OrderDelivered;
import dev.fivenines.commerce.payloads.OrderShipped;
import dev.fivenines.commerce.payment.PaymentProvider;
import dev.fivenines.commerce.payment.PaymentRecords;
import dev.fivenines.commerce.payment.PaymentResult;
import dev.fivenines.commerce.payment.PaymentStatus;
import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventHandler;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.PoisonEventException;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Topic {@code fivenines.shipments}: moves orders along as fulfillment reports progress.
 * {@code OrderShipped} captures the payment (once: the payments row is locked and moved
 * AUTHORIZED -> CAPTURED) and moves the order PLACED -> PAID -> SHIPPED; {@code OrderDelivered}
 * moves SHIPPED -> DELIVERED. All within the consumer's transaction, under the order's row lock.
 *
 * <p>An event the order's state machine cannot take (shipped after cancelled, delivered before
 * shipped) is skipped with a WARNING and counted: retrying would never succeed and parking it
 * would hide a business fact someone must look at. A repeat of a step already taken is a no-op.
 *
 * <p>A PENDING payment (placed while the provider was down) at {@code OrderShipped}: we authorize
 * and capture right then, in this transaction, rather than ship now and leave the money to the
 * {@code PendingPaymentCapturer}. The goods are leaving, so this is the last moment a decline can still
 * be acted on, and taking the money at shipping is what shipping already means for AUTHORIZED
 * payments. Authorize is idempotent per order id, so racing the capturer cannot authorize twice (and
 * both take the order's row lock). If the provider is still down the call throws, the transaction
 * rolls back and the consumer retries the event with its backoff, exactly as for a failed capture. A
 * decline voids the pending payment and the event is skipped (counted, WARNING): the order stays
 * PLACED with nothing charged and goods shipped, which a person must chase.
 */
public final class OrderEventsHandler implements EventHandler {
    private static final Logger LOG = Logger.getLogger(OrderEventsHandler.class.getName());
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("event.type");
    private static final AttributeKey<String> ORDER_STATUS = AttributeKey.stringKey("order.status");

    private final PaymentProvider payments;
    private final Clock clock;
    private final AtomicLong skipped = new AtomicLong();
    private final LongCounter skippedCounter = GlobalOpenTelemetry.getMeter("dev.fivenines.commerce")
            .counterBuilder("fivenines.orders.events.skipped")
            .setDescription("order events skipped because the order's state machine could not take them")
            .build();

    public OrderEventsHandler(PaymentProvider payments, Clock clock) {
        this.payments = payments;
        this.clock = clock;
    }

    @Override
    public void handle(Connection tx, EventEnvelope event) throws Exception {
        if (EventHandler.is(event, EventTypes.ORDER_SHIPPED)) {
            OrderEvents.requireSchema(event, OrderShipped.SCHEMA_VERSION);
            shipped(tx, event, OrderEvents.orderId(event, event.payloadAs(OrderShipped.class).orderId()));
        } else if (EventHandler.is(event, EventTypes.ORDER_DELIVERED)) {
            OrderEvents.requireSchema(event, OrderDelivered.SCHEMA_VERSION);
            delivered(tx, event, OrderEvents.orderId(event, event.payloadAs(OrderDelivered.class).orderId()));
        }
    }

    private void shipped(Connection tx, EventEnvelope event, UUID orderId) throws Exception {
        Order order = lock(tx, event, orderId);
        OrderStatus status = order.status();
        if (status == OrderStatus.SHIPPED || status == OrderStatus.DELIVERED) {
            OrderStatus already = status;
            LOG.fine(() -> "order " + orderId + " is already " + already + "; " + event.type() + " " + event.id() + " changes nothing");
            return;
        }
        if (!status.canMoveTo(OrderStatus.PAID) && !status.canMoveTo(OrderStatus.SHIPPED)) {
            skip(event, orderId, status);
            return;
        }
        Instant now = clock.instant();
        // Locked with the order (OrderRepository.find).
        PaymentStatus payment = Optional.ofNullable(order.paymentStatus()).orElseThrow(() -> new PoisonEventException(
                "order " + orderId + " has no payment record; cannot capture for " + event.type() + " " + event.id()));
        if (payment == PaymentStatus.PENDING) {
            PaymentResult result = payments.authorize(orderId, order.total(), OrderRepository.idempotencyKey(tx, orderId), order.email());
            if (result instanceof PaymentResult.Declined declined) {
                PaymentRecords.update(tx, orderId, PaymentStatus.PENDING, PaymentStatus.VOIDED, now);
                LOG.warning("order " + orderId + " shipped but its pending payment was declined at shipping ("
                        + declined.reason() + "); nothing was charged");
                skip(event, orderId, status);
                return;
            }
            PaymentRecords.authorizePending(tx, orderId, ((PaymentResult.Authorized) result).authorizationId(), now);
            payment = PaymentStatus.AUTHORIZED;
        }
        if (payment == PaymentStatus.AUTHORIZED) {
            // Provider first: if it fails, the whole transaction (and the dedupe row) rolls back and the event is retried.
            payments.capture(orderId);
            PaymentRecords.update(tx, orderId, payment, PaymentStatus.CAPTURED, now);
        } else if (payment != PaymentStatus.CAPTURED) {
            skip(event, orderId, status);
            return;
        }
        if (status == OrderStatus.PLACED) {
            // PLACED -> PAID -> SHIPPED in one statement: no one sees PAID before this commits.
            OrderRepository.updateStatus(tx, orderId, OrderStatus.PLACED, OrderStatus.PAID, OrderStatus.SHIPPED, now);
        } else {
            OrderRepository.updateStatus(tx, orderId, status, OrderStatus.SHIPPED, now);
        }
    }

    private void delivered(Connection tx, EventEnvelope event, UUID orderId) throws Exception {
        Order order = lock(tx, event, orderId);
        if (order.status() == OrderStatus.DELIVERED) {
            LOG.fine(() -> "order " + orderId + " is already DELIVERED; " + event.id() + " changes nothing");
            return;
        }
        if (!order.status().canMoveTo(OrderStatus.DELIVERED)) {
            skip(event, orderId, order.status());
            return;
        }
        OrderRepository.updateStatus(tx, orderId, order.status(), OrderStatus.DELIVERED, clock.instant());
    }

    private static Order lock(Connection tx, EventEnvelope event, UUID orderId) throws Exception {
        return OrderRepository.find(tx, orderId, true).orElseThrow(() -> new PoisonEventException(
                event.type() + " " + event.id() + " is about order " + orderId + ", which this shop does not have"));
    }

    private void skip(EventEnvelope event, UUID orderId, OrderStatus status) {
        skipped.incrementAndGet();
        skippedCounter.add(1, Attributes.of(EVENT_TYPE, event.type(), ORDER_STATUS, status.name()));
        LOG.warning("skipped " + event.type() + " " + event.id() + " for order " + orderId + ": the order is "
                + status + " and cannot take that step; needs a person to look (e.g. goods shipped for a cancelled order)");
    }

    /** Events skipped because the order could not take them (each also logged at WARNING). */
    public long skippedEvents() {
        return skipped.get();
    }
}
