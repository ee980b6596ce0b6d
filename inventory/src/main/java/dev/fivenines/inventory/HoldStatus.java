package dev.fivenines.inventory;

import dev.fivenines.base.state.Transitional;
import dev.fivenines.base.state.Transitions;

/**
 * Life of a hold on stock. {@code HELD} units are unavailable to others; {@code COMMITTED} units have
 * left {@code on_hand}; {@code RELEASED} and {@code EXPIRED} holds gave their units back. A committed
 * hold may still be released: the order was cancelled after the sale, so its units return to stock.
 */
public enum HoldStatus implements Transitional<HoldStatus> {
    HELD, COMMITTED, RELEASED, EXPIRED;

    private static final Transitions<HoldStatus> MOVES = Transitions.of(HoldStatus.class, "hold")
            .allow(HELD, COMMITTED, RELEASED, EXPIRED)
            .allow(COMMITTED, RELEASED)
            .terminal(RELEASED, EXPIRED);
}
