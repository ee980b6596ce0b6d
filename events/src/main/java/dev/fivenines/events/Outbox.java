package dev.fivenines.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The transactional outbox: {@link #append} writes an event row in the caller's open transaction,
 * so the event exists if and only if the state change it describes commits. The relay publishes
 * committed rows to Kafka in order, at least once; consumers dedupe by event id.
 */
public interface Outbox {
    /**
     * Appends {@code event} within {@code tx} (which must not be in auto-commit mode) and returns
     * the event id. The current OpenTelemetry context is stored with the row so the trace continues
     * in the consumers.
     */
    UUID append(Connection tx, OutgoingEvent event) throws SQLException;
}
