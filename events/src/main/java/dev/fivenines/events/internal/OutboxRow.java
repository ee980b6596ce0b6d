package dev.fivenines.events.internal;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One committed, unsent outbox row as the relay reads it. */
public record OutboxRow(long id, UUID eventId, String topic, String key, String type, String source, String subject,
                        int schemaVersion, String payload, Map<String, String> traceHeaders, Instant createdAt) {
}
