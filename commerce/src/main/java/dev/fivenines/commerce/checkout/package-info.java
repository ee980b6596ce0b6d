/**
 * The buy path: {@code POST /checkout} ({@link dev.fivenines.commerce.checkout.CheckoutApi}) turns a cart
 * into an order with its stock held and its payment authorized (or PENDING), and the background
 * work that settles what an outage left half-way (hold releases, pending payments).
 *
 * <p>Guards: one order per idempotency key, written with its payment, the key's stored answer and
 * {@code OrderPlaced} in one transaction; stock is decided on strong reads and commands only, never
 * on a bounded-staleness read, so nothing is oversold; on every way out without an order the key is
 * settled before the hold and the authorization are given back, so a retry that takes the attempt
 * over never finds its hold released; a hold whose release failed is queued in SQL and retried, never
 * dropped silently; "payment pending" orders stay within the
 * {@link dev.fivenines.commerce.payment.PendingPaymentPolicy}, counted under one row lock.
 * Checkout, cart and order never call recommendations (they are critical, recommendations sheddable).
 */
package dev.fivenines.commerce.checkout;
