package dev.fivenines.commerce.fulfillment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code shipments} table (V60). Every method runs in the caller's transaction. */
final class ShipmentStore {
    private static final String COLUMNS =
            "shipment_id, order_id, status, carrier, tracking_number, created_at, shipped_at, delivered_at";

    /** Inserts {@code shipment} unless its order already has one; true when this call inserted it. */
    boolean insertIfAbsent(Connection tx, Shipment shipment) throws SQLException {
        try (PreparedStatement insert = tx.prepareStatement("INSERT INTO shipments (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING")) {
            insert.setObject(1, UUID.fromString(shipment.shipmentId()));
            insert.setString(2, shipment.orderId());
            insert.setString(3, shipment.status().name());
            insert.setString(4, shipment.carrier());
            insert.setString(5, shipment.trackingNumber());
            setInstant(insert, 6, shipment.createdAt());
            setInstant(insert, 7, shipment.shippedAt());
            setInstant(insert, 8, shipment.deliveredAt());
            return insert.executeUpdate() == 1;
        }
    }

    Optional<Shipment> findByOrder(Connection c, String orderId) throws SQLException {
        return find(c, "SELECT " + COLUMNS + " FROM shipments WHERE order_id = ?", orderId);
    }

    /** Same as {@link #findByOrder} but locks the row until {@code tx} ends. */
    Optional<Shipment> findByOrderForUpdate(Connection tx, String orderId) throws SQLException {
        return find(tx, "SELECT " + COLUMNS + " FROM shipments WHERE order_id = ? FOR UPDATE", orderId);
    }

    /**
     * Locks up to {@code limit} shipments SHIPPED at or before {@code shippedBefore}, oldest first.
     * SKIP LOCKED lets two schedulers run at once: each takes rows the other has not locked, and
     * neither waits for the other.
     */
    List<Shipment> lockInTransitShippedBefore(Connection tx, Instant shippedBefore, int limit) throws SQLException {
        try (PreparedStatement select = tx.prepareStatement("SELECT " + COLUMNS + " FROM shipments"
                + " WHERE status = 'SHIPPED' AND shipped_at <= ? ORDER BY shipped_at, shipment_id LIMIT ?"
                + " FOR UPDATE SKIP LOCKED")) {
            setInstant(select, 1, shippedBefore);
            select.setInt(2, limit);
            try (ResultSet rs = select.executeQuery()) {
                List<Shipment> due = new ArrayList<>();
                while (rs.next()) {
                    due.add(read(rs));
                }
                return due;
            }
        }
    }

    /**
     * Writes {@code next} over the row it came from, guarded by the status it moved from, so a row
     * changed behind our back is reported instead of overwritten.
     */
    void update(Connection tx, ShipmentStatus from, Shipment next) throws SQLException {
        try (PreparedStatement update = tx.prepareStatement("UPDATE shipments SET status = ?, carrier = ?,"
                + " tracking_number = ?, shipped_at = ?, delivered_at = ? WHERE shipment_id = ? AND status = ?")) {
            update.setString(1, next.status().name());
            update.setString(2, next.carrier());
            update.setString(3, next.trackingNumber());
            setInstant(update, 4, next.shippedAt());
            setInstant(update, 5, next.deliveredAt());
            update.setObject(6, UUID.fromString(next.shipmentId()));
            update.setString(7, from.name());
            int rows = update.executeUpdate();
            if (rows != 1) {
                throw new IllegalStateException("shipment " + next.shipmentId() + " was not " + from
                        + " any more when moving it to " + next.status() + " (" + rows + " rows)");
            }
        }
    }

    private Optional<Shipment> find(Connection c, String sql, String orderId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, orderId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static Shipment read(ResultSet rs) throws SQLException {
        return new Shipment(rs.getObject("shipment_id", UUID.class).toString(), rs.getString("order_id"),
                ShipmentStatus.valueOf(rs.getString("status")), rs.getString("carrier"),
                rs.getString("tracking_number"), fromDb(rs, "created_at"), fromDb(rs, "shipped_at"),
                fromDb(rs, "delivered_at"));
    }

    private static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    }

    private static Instant fromDb(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
