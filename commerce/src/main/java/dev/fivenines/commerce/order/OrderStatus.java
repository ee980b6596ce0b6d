package dev.fivenines.commerce.order;

import dev.fivenines.base.state.Transitional;
import dev.fivenines.base.state.Transitions;

/**
 * An order's life: PLACED -> PAID -> SHIPPED -> DELIVERED, and PLACED or PAID -> CANCELLED. The
 * table is the whole truth; {@code moveTo} throws on anything it does not list.
 */
public enum OrderStatus implements Transitional<OrderStatus> {
    PLACED, PAID, SHIPPED, DELIVERED, CANCELLED;

    public boolean isCancellable() {
        return canMoveTo(CANCELLED);
    }

    private static final Transitions<OrderStatus> MOVES = Transitions.of(OrderStatus.class, "order")
            .allow(PLACED, PAID, CANCELLED)
            .allow(PAID, SHIPPED, CANCELLED)
            .allow(SHIPPED, DELIVERED)
            .terminal(DELIVERED, CANCELLED);
}
