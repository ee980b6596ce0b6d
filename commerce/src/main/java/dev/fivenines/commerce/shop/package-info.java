/**
 * Composition root of the shop role: wires catalog, carts, checkout, orders and payments, their HTTP
 * handlers and the shop's event handlers in one place; holds no logic of its own.
 *
 * <p>Guards: whatever it starts, it closes; a payment guard the caller passed in is the caller's to close.
 */
package dev.fivenines.commerce.shop;
