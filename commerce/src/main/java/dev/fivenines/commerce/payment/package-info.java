/**
 * Payments: the provider contract and its guard (a deadline and a circuit breaker), the simulated
 * provider, the {@code payments} table and the risk limit of "payment pending" orders.
 *
 * <p>Guards: a payment moves only PENDING -> AUTHORIZED or VOIDED, AUTHORIZED -> CAPTURED or VOIDED,
 * CAPTURED -> REFUNDED ({@link dev.fivenines.commerce.payment.PaymentStatus}; any other move throws); one
 * row per order, so a payment is never captured twice; every provider call is idempotent per order
 * id; every provider failure reaches callers as a retryable
 * {@link dev.fivenines.commerce.payment.PaymentUnavailableException}, and a decline is an answer that
 * never trips the breaker.
 */
package dev.fivenines.commerce.payment;
