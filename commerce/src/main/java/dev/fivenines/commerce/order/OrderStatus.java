package dev.fivenines.commerce.order;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * An order's life: PLACED -> PAID -> SHIPPED -> DELIVERED, and PLACED or PAID -> CANCELLED. The
 * table is the whole truth; {@link #moveTo} throws on anything it does not list.
 */
public enum OrderStatus {
    PLACED, PAID, SHIPPED, DELIVERED, CANCELLED;

    private static final Map<OrderStatus, Set<OrderStatus>> NEXT = Map.of(
            PLACED, EnumSet.of(PAID, CANCELLED),
            PAID, EnumSet.of(SHIPPED, CANCELLED),
            SHIPPED, EnumSet.of(DELIVERED),
            DELIVERED, EnumSet.noneOf(OrderStatus.class),
            CANCELLED, EnumSet.noneOf(OrderStatus.class));

    public boolean canMoveTo(OrderStatus next) {
        return NEXT.get(this).contains(next);
    }

    public OrderStatus moveTo(OrderStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalOrderTransitionException(this, next);
        }
        return next;
    }

    public boolean isCancellable() {
        return canMoveTo(CANCELLED);
    }
}
