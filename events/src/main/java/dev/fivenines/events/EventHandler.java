package dev.fivenines.events;

import java.sql.Connection;

/**
 * Handles one event inside the consumer's own SQL transaction. The consumer has already recorded
 * the event id in its dedupe table within {@code tx}: if this returns, the event's effects and the
 * dedupe row commit together (exactly-once effects); if it throws, both roll back and the event is
 * retried (bounded), then parked in the dead-letter topic with the reason. Throw
 * {@link PoisonEventException} for events that can never succeed.
 *
 * <p>Publishing follow-up events: append them to the {@link Outbox} with the same {@code tx}.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(java.sql.Connection tx, EventEnvelope event) throws Exception;

    /** Convenience for handlers that ignore event types they do not care about. */
    static boolean is(EventEnvelope event, String type) {
        return type.equals(event.type());
    }
}
