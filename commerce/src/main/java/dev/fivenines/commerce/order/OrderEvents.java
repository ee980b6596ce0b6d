package dev.fivenines.commerce.order;

import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.PoisonEventException;

import java.util.UUID;

/** Checks shared by the order event handlers: a malformed event can never succeed, so it is poison. */
final class OrderEvents {
    private OrderEvents() {
    }

    static void requireSchema(EventEnvelope event, int supported) {
        if (event.schemaVersion() != supported) {
            throw new PoisonEventException(event.type() + " " + event.id() + " has schema version "
                    + event.schemaVersion() + "; this shop reads version " + supported);
        }
    }

    static UUID orderId(EventEnvelope event, String orderId) {
        try {
            if (orderId == null || orderId.length() != 36) {
                throw new IllegalArgumentException("not 36 characters");
            }
            return UUID.fromString(orderId);
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(event.type() + " " + event.id() + " names order '" + orderId
                    + "', which is not a UUID", e);
        }
    }
}
