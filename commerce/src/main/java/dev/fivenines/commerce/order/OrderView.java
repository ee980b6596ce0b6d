package dev.fivenines.commerce.order;

import dev.fivenines.commerce.events.MoneyJson;

import java.time.Instant;
import java.util.List;

/** An order on the wire ({@code GET /orders/{id}}, checkout's 201, cancel's 200). */
public record OrderView(String id, String status, String email, List<Line> lines, MoneyJson total, Payment payment,
                        Instant createdAt, Instant updatedAt) {

    public record Line(String productId, String name, int quantity, MoneyJson unitPrice, MoneyJson lineTotal) {
    }

    public record Payment(String status) {
    }

    public static OrderView of(Order order) {
        return new OrderView(order.id().toString(), order.status().name(), order.email(),
                order.lines().stream().map(l -> new Line(l.productId(), l.name(), l.quantity(),
                        MoneyJson.of(l.unitPrice()), MoneyJson.of(l.lineTotal()))).toList(),
                MoneyJson.of(order.total()),
                new Payment(order.paymentStatus() == null ? null : order.paymentStatus().name()),
                order.createdAt(), order.updatedAt());
    }
}
