package dev.fivenines.commerce.fulfillment;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a shipment is. The transition table is the whole state machine: anything not listed is a
 * bug and throws.
 *
 * <pre>
 * CREATED --ship--> SHIPPED --deliver--> DELIVERED
 *    \--cancel--> CANCELLED
 * </pre>
 */
public enum ShipmentStatus {
    CREATED, SHIPPED, DELIVERED, CANCELLED;

    private static final Map<ShipmentStatus, Set<ShipmentStatus>> TRANSITIONS = Map.of(
            CREATED, EnumSet.of(SHIPPED, CANCELLED),
            SHIPPED, EnumSet.of(DELIVERED),
            DELIVERED, EnumSet.noneOf(ShipmentStatus.class),
            CANCELLED, EnumSet.noneOf(ShipmentStatus.class));

    public boolean canMoveTo(ShipmentStatus next) {
        return TRANSITIONS.get(this).contains(next);
    }

    /** Returns {@code next} if the move is legal; throws {@link IllegalStateException} otherwise. */
    public ShipmentStatus moveTo(ShipmentStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("illegal shipment transition " + this + " -> " + next);
        }
        return next;
    }
}
