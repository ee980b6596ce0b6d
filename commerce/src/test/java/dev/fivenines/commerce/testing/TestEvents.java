package dev.fivenines.commerce.testing;

import dev.fivenines.base.Json;
import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventHandler;
import dev.fivenines.db.Database;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Events as a consumer receives them, and a handler run the way the idempotent consumer runs it. */
public final class TestEvents {
    private TestEvents() {
    }

    /**
     * An event as the consumer would hand it over: keyed by its subject and with a fresh event id
     * every time, since the relay may publish one outbox row twice.
     */
    public static EventEnvelope envelope(String source, String topic, String type, String subject, Instant time,
                                         int schemaVersion, Object payload) {
        return envelope(source, topic, type, subject, time, schemaVersion, payload, 0L);
    }

    /** As {@link #envelope(String, String, String, String, Instant, int, Object)}, at a given partition offset. */
    public static EventEnvelope envelope(String source, String topic, String type, String subject, Instant time,
                                         int schemaVersion, Object payload, long offset) {
        return new EventEnvelope(UUID.randomUUID(), source, type, subject, time, schemaVersion, topic, subject, 0, offset,
                Json.mapper().valueToTree(payload), Map.of());
    }

    /** Runs {@code handler} inside one transaction, as the idempotent consumer does: its effects commit together. */
    public static void handleInTransaction(Database db, EventHandler handler, EventEnvelope event) {
        db.inTransaction(tx -> {
            try {
                handler.handle(tx, event);
            } catch (SQLException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("handler failed on " + event.type() + " " + event.subject(), e);
            }
            return null;
        });
    }
}
