package dev.fivenines.commerce.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fivenines.commerce.payloads.MoneyJson;

import java.time.Instant;
import java.util.List;

/**
 * An order on the wire ({@code GET /orders/{id}}, checkout's 201, cancel's 200). {@code accessToken}
 * is in checkout's 201 only (and its replays): the one time the buyer is told it.
 */
public record OrderView(String id, String status, String email, List<Line> lines, MoneyJson total, Payment payment,
                        Instant createdAt, Instant updatedAt,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String accessToken) {

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
                order.createdAt(), order.updatedAt(), null);
    }

    public OrderView withAccessToken(String token) {
        return new OrderView(id, status, email, lines, total, payment, createdAt, updatedAt, token);
    }
}
