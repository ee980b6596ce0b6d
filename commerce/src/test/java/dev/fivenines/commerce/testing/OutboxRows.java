package dev.fivenines.commerce.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.events.EventEnvelope;
import dev.fivenines.db.Database;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The SQL outbox read back in append order: exactly what the relay would publish. */
public final class OutboxRows {
    private OutboxRows() {
    }

    /** One outbox row. */
    public record Row(String topic, String key, String type, String subject, int schemaVersion, JsonNode payload) {
        /** The payload's fields, for {@code containsEntry} assertions. */
        public Map<String, Object> fields() {
            return Json.mapper().convertValue(payload, new TypeReference<>() { });
        }

        /** The row as a consumer would receive it (a fresh event id: the relay may publish it twice). */
        public EventEnvelope asEnvelope(String source, Instant time) {
            return new EventEnvelope(UUID.randomUUID(), source, type, subject, time, schemaVersion, topic, key, 0, 0L,
                    payload, Map.of());
        }
    }

    public static List<Row> read(Database db) {
        return db.inTransaction(c -> {
            try (var s = c.prepareStatement("SELECT topic, event_key, event_type, subject, schema_version, payload"
                    + " FROM outbox ORDER BY id"); ResultSet rs = s.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), readTree(rs.getString(6))));
                }
                return rows;
            }
        });
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("outbox payload is not JSON: " + json, e);
        }
    }
}
