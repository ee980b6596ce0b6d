package dev.fivenines.commerce.order;

import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import dev.fivenines.commerce.payloads.OrderCancelled;
import dev.fivenines.commerce.payment.PaymentProvider;
import dev.fivenines.commerce.payment.PaymentRecords;
import dev.fivenines.commerce.payment.PaymentStatus;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.Outbox;
import dev.fivenines.events.OutgoingEvent;
import dev.fivenines.events.Topics;
import dev.fivenines.db.Database;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Reading and cancelling orders, each for the holder of the order's access token only
 * ({@link OrderTokens}). A missing or wrong token is answered exactly like an order that does not
 * exist (404), so an order id alone says nothing, not even that the order exists.
 */
public final class OrderService {
    public static final String CANCELLED_BY_CUSTOMER = "cancelled by the customer";

    private final Database db;
    private final dev.fivenines.inventory.InventoryClient inventory;
    private final PaymentProvider payments;
    private final Outbox outbox;
    private final Clock clock;

    public OrderService(Database db, dev.fivenines.inventory.InventoryClient inventory, PaymentProvider payments,
                        Outbox outbox, Clock clock) {
        this.db = db;
        this.inventory = inventory;
        this.payments = payments;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * The order, for the holder of its access token; anyone else gets the 404 of an unknown order.
     * One statement (order, lines, payment and token digest), outside a transaction.
     */
    public Order get(UUID orderId, String accessToken) {
        return db.autocommit(c -> OrderRepository.findAccessible(c, orderId, accessToken)).orElseThrow(() -> notFound(orderId));
    }

    /**
     * Cancels a PLACED or PAID order: voids or refunds its payment, gives its stock back, and
     * records CANCELLED with {@code OrderCancelled} in one transaction.
     *
     * <p>The provider and the ledger are called while this transaction holds the order's row lock,
     * so shipping (which takes the same lock) cannot capture in between; both calls are bounded by
     * their deadlines and idempotent. If the final commit fails after they succeeded, the order is
     * still PLACED/PAID with money and stock given back; the client's retry (503 says to) finishes it.
     * The token is checked before the order's row lock is taken.
     */
    public Order cancel(UUID orderId, String accessToken, String reason) {
        return db.inTransaction(tx -> {
            if (!OrderRepository.accessible(tx, orderId, accessToken)) {
                throw notFound(orderId);
            }
            Order order = OrderRepository.find(tx, orderId, true).orElseThrow(() -> notFound(orderId));
            if (!order.status().isCancellable()) {
                throw new ProblemException(Problem.conflict("order-not-cancellable", "Order cannot be cancelled",
                        "order " + orderId + " is " + order.status() + "; only PLACED or PAID orders can be cancelled"));
            }
            Instant now = clock.instant();
            PaymentStatus payment = order.paymentStatus(); // locked with the order
            PaymentStatus paymentAfter = payment;
            // Money first: a charge the customer did not want is worse than stock held a while longer.
            if (payment != null && payment.canMoveTo(payment.undone())) {
                payments.voidOrRefund(orderId);
                paymentAfter = payment.undone();
                PaymentRecords.update(tx, orderId, payment, paymentAfter, now);
            }
            inventory.release(orderId);
            OrderRepository.updateStatus(tx, orderId, order.status(), OrderStatus.CANCELLED, now);
            outbox.append(tx, new OutgoingEvent(Topics.ORDERS, orderId.toString(), EventTypes.ORDER_CANCELLED,
                    orderId.toString(), OrderCancelled.SCHEMA_VERSION, new OrderCancelled(orderId.toString(), reason, now)));
            return order.withStatus(OrderStatus.CANCELLED, paymentAfter, now);
        });
    }

    public static ProblemException notFound(UUID orderId) {
        return new ProblemException(Problem.notFound("order", orderId.toString()));
    }
}
