package dev.fivenines.commerce.replenishment;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a purchase order is. The transition table is the whole state machine: anything not listed is
 * a bug and throws.
 *
 * <pre>
 * OPEN --accepted--> SENT --some units--> PARTIALLY_RECEIVED --rest--> RECEIVED
 *   |                  \------------------all units------------------> RECEIVED
 *   |--refused/unavailable--> RETRYING --accepted--> SENT
 *   |                           |  \--refused again (bounded)--> RETRYING
 *   \--refused for good------> FAILED <--attempts exhausted / refused for good
 * </pre>
 */
public enum PurchaseOrderStatus {
    OPEN, RETRYING, SENT, PARTIALLY_RECEIVED, RECEIVED, FAILED;

    private static final Map<PurchaseOrderStatus, Set<PurchaseOrderStatus>> TRANSITIONS = Map.of(
            OPEN, EnumSet.of(SENT, RETRYING, FAILED),
            RETRYING, EnumSet.of(SENT, RETRYING, FAILED),
            SENT, EnumSet.of(PARTIALLY_RECEIVED, RECEIVED),
            PARTIALLY_RECEIVED, EnumSet.of(PARTIALLY_RECEIVED, RECEIVED),
            RECEIVED, EnumSet.noneOf(PurchaseOrderStatus.class),
            FAILED, EnumSet.noneOf(PurchaseOrderStatus.class));

    public boolean canMoveTo(PurchaseOrderStatus next) {
        return TRANSITIONS.get(this).contains(next);
    }

    /** Returns {@code next} if the move is legal; throws {@link IllegalStateException} otherwise. */
    public PurchaseOrderStatus moveTo(PurchaseOrderStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("illegal purchase order transition " + this + " -> " + next);
        }
        return next;
    }

    /** Not yet accepted by the supplier: the scheduler still has to send it. */
    public boolean awaitsSending() {
        return this == OPEN || this == RETRYING;
    }

    /** Accepted and not complete: the scheduler asks the supplier for deliveries. */
    public boolean inTransit() {
        return this == SENT || this == PARTIALLY_RECEIVED;
    }
}
