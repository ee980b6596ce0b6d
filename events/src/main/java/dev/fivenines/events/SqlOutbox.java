package dev.fivenines.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fivenines.base.Ids;
import dev.fivenines.base.Json;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The outbox as a SQL table (see V1__outbox_and_dedupe.sql). */
public final class SqlOutbox implements Outbox {
    private final String source;
    private final Ids ids;
    private final TextMapPropagator propagator;

    /**
     * @param source     CloudEvents source of every event this role writes, e.g. {@code /fivenines/shop}
     * @param propagator how the current trace context is captured (W3C trace context in practice)
     */
    public SqlOutbox(String source, Ids ids, TextMapPropagator propagator) {
        this.source = source;
        this.ids = ids;
        this.propagator = propagator;
    }

    public static SqlOutbox withGlobalPropagator(String source, Ids ids) {
        return new SqlOutbox(source, ids, GlobalOpenTelemetry.getPropagators().getTextMapPropagator());
    }

    @Override
    public UUID append(Connection tx, OutgoingEvent event) throws SQLException {
        if (tx.getAutoCommit()) {
            throw new IllegalStateException("outbox append needs an open transaction; the connection is in auto-commit");
        }
        UUID eventId = ids.next();
        Map<String, String> traceHeaders = new LinkedHashMap<>();
        propagator.inject(Context.current(), traceHeaders, (carrier, key, value) -> carrier.put(key, value));
        try (var insert = tx.prepareStatement("""
                INSERT INTO outbox (event_id, topic, event_key, event_type, source, subject, schema_version, payload, trace_headers)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, eventId);
            insert.setString(2, event.topic());
            insert.setString(3, event.key());
            insert.setString(4, event.type());
            insert.setString(5, source);
            insert.setString(6, event.subject());
            insert.setInt(7, event.schemaVersion());
            insert.setString(8, Json.mapper().writeValueAsString(event.payload()));
            insert.setString(9, Json.mapper().writeValueAsString(traceHeaders));
            insert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event payload of " + event.type() + " is not serialisable", e);
        }
        return eventId;
    }
}
