package dev.fivenines.commerce.order;

import dev.fivenines.base.Check;
import dev.fivenines.base.Money;
import dev.fivenines.commerce.payment.PaymentStatus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** An order as stored: its lines' prices are frozen at checkout, its total is checked against them. */
public record Order(UUID id, UUID cartId, String email, OrderStatus status, List<OrderLine> lines, Money total,
                    PaymentStatus paymentStatus, Instant createdAt, Instant updatedAt) {
    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        lines = List.copyOf(lines);
        Money sum = Money.zero(total.currency());
        for (OrderLine line : lines) {
            sum = sum.plus(line.lineTotal());
        }
        Check.state(sum.equals(total), "order %s total %s differs from the sum of its lines %s", id, total, sum);
    }

    /** The same order with its payment's status as read apart from it. */
    public Order withPayment(PaymentStatus payment) {
        return new Order(id, cartId, email, status, lines, total, payment, createdAt, updatedAt);
    }

    public Order withStatus(OrderStatus next, PaymentStatus payment, Instant now) {
        return new Order(id, cartId, email, status.moveTo(next, id), lines, total, payment, createdAt, now);
    }
}
