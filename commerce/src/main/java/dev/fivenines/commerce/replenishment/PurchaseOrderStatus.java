package dev.fivenines.commerce.replenishment;

import dev.fivenines.base.state.Transitional;
import dev.fivenines.base.state.Transitions;

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
public enum PurchaseOrderStatus implements Transitional<PurchaseOrderStatus> {
    OPEN, RETRYING, SENT, PARTIALLY_RECEIVED, RECEIVED, FAILED;

    /** Not yet accepted by the supplier: the scheduler still has to send it. */
    public boolean awaitsSending() {
        return this == OPEN || this == RETRYING;
    }

    /** Accepted and not complete: the scheduler asks the supplier for deliveries. */
    public boolean inTransit() {
        return this == SENT || this == PARTIALLY_RECEIVED;
    }

    private static final Transitions<PurchaseOrderStatus> MOVES = Transitions.of(PurchaseOrderStatus.class, "purchase order")
            .allow(OPEN, SENT, RETRYING, FAILED)
            .allow(RETRYING, SENT, RETRYING, FAILED)
            .allow(SENT, PARTIALLY_RECEIVED, RECEIVED)
            .allow(PARTIALLY_RECEIVED, PARTIALLY_RECEIVED, RECEIVED)
            .terminal(RECEIVED, FAILED);
}
