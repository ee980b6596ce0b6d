package dev.fivenines.commerce.payment;

import dev.fivenines.base.Money;

import java.util.UUID;

/**
 * A payment service provider. Every call is idempotent by order id: repeating {@link #authorize}
 * for the same order returns the same authorization, and capturing or voiding twice changes nothing.
 * Callers wrap implementations with a deadline and a breaker ({@link GuardedPaymentProvider}).
 *
 * <p>Protocol per order: {@code authorize}, then {@code capture} (goods shipped) or
 * {@code voidOrRefund} (order cancelled; refunds if already captured).
 */
public interface PaymentProvider {
    /**
     * Authorizes {@code amount}. A decline is an answer ({@link PaymentResult.Declined}), not an
     * error; throws {@link PaymentUnavailableException} if the provider cannot answer.
     *
     * @param payerEmail who pays; the simulated provider declines addresses ending in {@code @decline.test}
     */
    PaymentResult authorize(UUID orderId, Money amount, String idempotencyKey, String payerEmail);

    /** Takes the authorized money. Throws {@link PaymentUnavailableException} if the provider cannot answer. */
    void capture(UUID orderId);

    /** Voids an authorization, or refunds a capture. Throws {@link PaymentUnavailableException} if the provider cannot answer. */
    void voidOrRefund(UUID orderId);
}
