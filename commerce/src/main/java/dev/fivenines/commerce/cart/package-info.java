/**
 * Carts: a buyer's priced lines before checkout, and their HTTP handler ({@link dev.fivenines.commerce.cart.CartApi}).
 *
 * <p>Guards: every line's quantity stays in [{@value dev.fivenines.commerce.cart.CartRules#MIN_QUANTITY},
 * {@value dev.fivenines.commerce.cart.CartRules#MAX_QUANTITY}] and a cart holds at most
 * {@value dev.fivenines.commerce.cart.CartRules#MAX_LINES} lines (a broken rule is a value, answered as a 400);
 * a cart is in one currency; an OPEN cart takes changes and a CHECKED_OUT one, which became an
 * order, is frozen.
 */
package dev.fivenines.commerce.cart;
