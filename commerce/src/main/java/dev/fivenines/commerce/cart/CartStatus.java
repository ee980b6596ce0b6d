package dev.fivenines.commerce.cart;

/** OPEN carts take changes; a CHECKED_OUT cart became an order and is frozen. */
public enum CartStatus {
    OPEN, CHECKED_OUT
}
