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

    /** The order's access token from a 201's body (needed to read or cancel the order), or null. */
    public String accessToken() {
        if (status != 201) {
            return null;
        }
        try {
            return dev.fivenines.base.Json.mapper().readTree(body).path("accessToken").asText(null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored 201 body is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
