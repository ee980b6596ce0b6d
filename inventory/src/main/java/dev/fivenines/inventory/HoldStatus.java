package dev.fivenines.inventory;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Life of a hold on stock. {@code HELD} units are unavailable to others; {@code COMMITTED} units have
 * left {@code on_hand}; {@code RELEASED} and {@code EXPIRED} holds gave their units back. A committed
 * hold may still be released: the order was cancelled after the sale, so its units return to stock.
 */
public enum HoldStatus {
    HELD, COMMITTED, RELEASED, EXPIRED;

    private static final Map<HoldStatus, Set<HoldStatus>> NEXT = Map.of(
            HELD, EnumSet.of(COMMITTED, RELEASED, EXPIRED),
            COMMITTED, EnumSet.of(RELEASED),
            RELEASED, EnumSet.noneOf(HoldStatus.class),
            EXPIRED, EnumSet.noneOf(HoldStatus.class));

    public boolean canMoveTo(HoldStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** Returns {@code next}, or throws if the table does not allow this move. */
    public HoldStatus moveTo(HoldStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("hold cannot move from " + this + " to " + next);
        }
        return next;
    }
}
