package dev.fivenines.commerce.payment;

/** The provider's answer to an authorization. */
public sealed interface PaymentResult {
    record Authorized(String authorizationId) implements PaymentResult {
    }

    record Declined(String reason) implements PaymentResult {
    }
}
