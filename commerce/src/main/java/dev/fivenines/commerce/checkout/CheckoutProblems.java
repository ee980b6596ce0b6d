package dev.fivenines.commerce.checkout;

import dev.fivenines.base.Problem;
import dev.fivenines.inventory.ReserveResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The problems checkout answers with; their types are part of the API (see openapi.yaml). */
final class CheckoutProblems {
    private CheckoutProblems() {
    }

    static Problem emptyCart(UUID cartId) {
        return Problem.of(422, "empty-cart", "Cart is empty", "cart " + cartId + " has no lines; add products before checking out");
    }

    static Problem outOfStock(List<ReserveResult.Shortage> shortages) {
        String detail = "not enough stock for " + shortages.stream()
                .map(s -> s.sku() + " (asked " + s.requestedUnits() + ", " + s.availableUnits() + " available)")
                .collect(Collectors.joining(", "));
        List<Map<String, Object>> items = shortages.stream().map(s -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("productId", s.sku());
            item.put("requested", s.requestedUnits());
            item.put("available", s.availableUnits());
            return item;
        }).toList();
        return Problem.conflict("out-of-stock", "Out of stock", detail).with("shortages", items);
    }

    static Problem declined(String reason) {
        return Problem.of(402, "payment-declined", "Payment declined", reason + "; nothing was charged");
    }

    static Problem keyReused() {
        return Problem.of(422, "idempotency-key-reused", "Idempotency-Key reused",
                "this Idempotency-Key was already used for a different request (other cart or email); use a new key for a new purchase");
    }

    static Problem inProgress() {
        return Problem.conflict("request-in-progress", "Request in progress",
                "a request with this Idempotency-Key is still being processed; retry after the Retry-After delay");
    }

    static Problem paymentUnavailable() {
        return Problem.unavailable("the payment provider is not answering; nothing was charged and no stock is held. "
                + "Retry with the same Idempotency-Key");
    }

    static Problem inventoryUnavailable() {
        return Problem.unavailable("the stock ledger is not answering; nothing was charged. Retry with the same Idempotency-Key");
    }

    static Problem databaseUnavailable() {
        return Problem.unavailable("the order database is not answering; no order was written. Retry with the same Idempotency-Key");
    }
}
