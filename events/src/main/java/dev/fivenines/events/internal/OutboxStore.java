package dev.fivenines.events.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.fivenines.base.Json;
import dev.fivenines.db.Database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The relay's SQL: the lease row, the unsent rows, marking rows sent, and the backlog gauges. Plain
 * statements that run the same on PostgreSQL and CockroachDB. None needs another statement in its
 * transaction (the backlog's two are a gauge), so each runs in autocommit: a round trip per
 * statement, no BEGIN and COMMIT (the relay polls every 100 ms and marks every batch sent).
 */
public final class OutboxStore {
    /** Backlog counting stops here, so the gauge query stays cheap however far behind the relay is. */
    public static final int BACKLOG_COUNT_CAP = 100_000;
    private static final String LEASE = "outbox";
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };
    private static final Logger LOG = Logger.getLogger(OutboxStore.class.getName());

    private final Database database;

    public OutboxStore(Database database) {
        this.database = database;
    }

    /** Takes or renews the relay lease for {@code holder}; false when another live holder has it. */
    public boolean tryLease(String holder, long leaseMillis) {
        return database.autocommit(c -> {
            try (var update = c.prepareStatement("""
                    UPDATE outbox_relay_lease SET holder = ?, expires_at = now() + (? * INTERVAL '1 millisecond')
                    WHERE name = ? AND (holder = ? OR holder IS NULL OR expires_at < now())""")) {
                update.setString(1, holder);
                update.setLong(2, leaseMillis);
                update.setString(3, LEASE);
                update.setString(4, holder);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Gives the lease up so a standby relay takes over now rather than when it would have expired. */
    public void releaseLease(String holder) {
        database.autocommit(c -> {
            try (var update = c.prepareStatement(
                    "UPDATE outbox_relay_lease SET holder = NULL, expires_at = now() WHERE name = ? AND holder = ?")) {
                update.setString(1, LEASE);
                update.setString(2, holder);
                return update.executeUpdate();
            }
        });
    }

    /**
     * The oldest {@code limit} committed rows not yet sent, in id order. Selecting on sent_at (not
     * "id greater than the last one sent") means a row whose transaction committed late, with a
     * smaller id than rows already sent, is still found: nothing is skipped.
     */
    public List<OutboxRow> unsent(int limit) {
        return database.autocommit(c -> {
            try (var select = c.prepareStatement("""
                    SELECT id, event_id, topic, event_key, event_type, source, subject, schema_version, payload,
                           trace_headers, created_at
                    FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?""")) {
                select.setInt(1, limit);
                try (ResultSet rs = select.executeQuery()) {
                    List<OutboxRow> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                    return rows;
                }
            }
        });
    }

    private static OutboxRow row(ResultSet rs) throws SQLException {
        UUID eventId = rs.getObject("event_id", UUID.class);
        return new OutboxRow(rs.getLong("id"), eventId, rs.getString("topic"), rs.getString("event_key"),
                rs.getString("event_type"), rs.getString("source"), rs.getString("subject"),
                rs.getInt("schema_version"), rs.getString("payload"),
                traceHeaders(eventId, rs.getString("trace_headers")),
                rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant());
    }

    private static Map<String, String> traceHeaders(UUID eventId, String json) {
        try {
            return json == null || json.isBlank() ? Map.of() : Json.mapper().readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            // The event itself is fine; publishing it without its trace beats blocking the outbox.
            LOG.warning(() -> "outbox event " + eventId + " has unreadable trace_headers; its trace ends here: "
                    + e.getOriginalMessage());
            return Map.of();
        }
    }

    /** Marks the rows sent in one statement. */
    public int markSent(List<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return database.autocommit(c -> {
            try (var update = c.prepareStatement(
                    "UPDATE outbox SET sent_at = now() WHERE id = ANY(?) AND sent_at IS NULL")) {
                update.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                return update.executeUpdate();
            }
        });
    }

    /** How many rows wait (capped at {@link #BACKLOG_COUNT_CAP}) and how old the oldest is, by the database clock. */
    public Backlog backlog() {
        return database.autocommit(c -> {
            long count;
            try (var select = c.prepareStatement(
                    "SELECT count(*) FROM (SELECT 1 FROM outbox WHERE sent_at IS NULL LIMIT ?) AS waiting")) {
                select.setInt(1, BACKLOG_COUNT_CAP);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                }
            }
            long oldestAgeMillis = 0;
            try (var select = c.prepareStatement("""
                    SELECT CAST(EXTRACT(EPOCH FROM (now() - created_at)) * 1000 AS BIGINT)
                    FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 1""");
                 ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    oldestAgeMillis = Math.max(0, rs.getLong(1));
                }
            }
            return new Backlog(count, oldestAgeMillis);
        });
    }

    public record Backlog(long size, long oldestAgeMillis) {
    }
}
