package dev.fivenines.commerce.checkout;

import java.util.UUID;

/**
 * What checkout answers, as stored for replay: status, JSON body (an order, or a problem when
 * {@code status >= 400}) and the order it concerns.
 */
public record CheckoutResponse(int status, String body, UUID orderId, boolean replayed) {
    public boolean isProblem() {
        return status >= 400;
    }

    public String location() {
        return status == 201 ? "/api/v1/orders/" + orderId : null;
    }
}
