package dev.fivenines.commerce.fulfillment;

import dev.fivenines.base.state.Transitional;
import dev.fivenines.base.state.Transitions;

/**
 * Where a shipment is. The transition table is the whole state machine: anything not listed is a
 * bug and throws.
 *
 * <pre>
 * CREATED --ship--> SHIPPED --deliver--> DELIVERED
 *    \--cancel--> CANCELLED
 * </pre>
 */
public enum ShipmentStatus implements Transitional<ShipmentStatus> {
    CREATED, SHIPPED, DELIVERED, CANCELLED;

    private static final Transitions<ShipmentStatus> MOVES = Transitions.of(ShipmentStatus.class, "shipment")
            .allow(CREATED, SHIPPED, CANCELLED)
            .allow(SHIPPED, DELIVERED)
            .terminal(DELIVERED, CANCELLED);
}
