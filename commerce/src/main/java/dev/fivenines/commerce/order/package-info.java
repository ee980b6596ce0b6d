/**
 * Orders after checkout: reading and cancelling them ({@link dev.fivenines.commerce.order.OrderApi},
 * for the holder of the order's access token), and the consumers that move them along as
 * fulfillment reports progress and commit their stock holds.
 *
 * <p>Guards: an order moves only PLACED -> PAID -> SHIPPED -> DELIVERED, or from PLACED or PAID to
 * CANCELLED ({@link dev.fivenines.commerce.order.OrderStatus}; any other move throws). An order is
 * readable only with its token, and a missing or wrong token is answered exactly like an order that
 * does not exist (404); only the token's SHA-256 is stored. Lines keep the prices of checkout, and
 * the total is checked against them. An event the state machine cannot take is skipped and counted,
 * never retried forever.
 */
package dev.fivenines.commerce.order;
