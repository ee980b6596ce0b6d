package dev.fivenines.commerce.replenishment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for purchase_orders and po_receipts; every method runs in the caller's transaction. */
final class PurchaseOrderStore {
    private static final String COLUMNS = "po_id, sku, episode, units_ordered, units_received, status, send_attempts,"
            + " next_action_at, expected_at, failure_reason, created_at, updated_at";

    /** A recorded shipment. */
    record Receipt(String receiptId, String poId, int shipmentNo, int units, Instant receivedAt) {
    }

    static String receiptId(String poId, int shipmentNo) {
        return poId + "-" + shipmentNo;
    }

    /** Inserts {@code po} unless its (sku, episode) already has one; true if inserted. */
    boolean insertIfAbsent(Connection tx, PurchaseOrder po) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO purchase_orders (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sku, episode) DO NOTHING")) {
            bind(s, po);
            return s.executeUpdate() == 1;
        }
    }

    /** Writes {@code po} if its row is still in {@code expected} (the caller holds the row lock). */
    void update(Connection tx, PurchaseOrderStatus expected, PurchaseOrder po) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("UPDATE purchase_orders SET units_received = ?, status = ?,"
                + " send_attempts = ?, next_action_at = ?, expected_at = ?, failure_reason = ?, updated_at = ?"
                + " WHERE po_id = ? AND status = ?")) {
            s.setInt(1, po.unitsReceived());
            s.setString(2, po.status().name());
            s.setInt(3, po.sendAttempts());
            setInstant(s, 4, po.nextActionAt());
            setInstant(s, 5, po.expectedAt());
            s.setString(6, po.failureReason());
            setInstant(s, 7, po.updatedAt());
            s.setString(8, po.poId());
            s.setString(9, expected.name());
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("purchase order " + po.poId() + " was not " + expected + " when moving it to " + po.status());
            }
        }
    }

    /**
     * Locks up to {@code limit} orders in {@code statuses} whose next action is due, most overdue
     * first. SKIP LOCKED lets several schedulers share the work without waiting on each other.
     */
    List<PurchaseOrder> lockDue(Connection tx, List<PurchaseOrderStatus> statuses, Instant now, int limit) throws SQLException {
        String in = String.join(", ", statuses.stream().map(x -> "?").toList());
        try (PreparedStatement s = tx.prepareStatement("SELECT " + COLUMNS + " FROM purchase_orders"
                + " WHERE status IN (" + in + ") AND next_action_at <= ? ORDER BY next_action_at LIMIT ?"
                + " FOR UPDATE SKIP LOCKED")) {
            int i = 1;
            for (PurchaseOrderStatus status : statuses) {
                s.setString(i++, status.name());
            }
            s.setTimestamp(i++, Timestamp.from(now));
            s.setInt(i, limit);
            return list(s);
        }
    }

    Optional<PurchaseOrder> find(Connection c, String poId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM purchase_orders WHERE po_id = ?")) {
            s.setString(1, poId);
            return list(s).stream().findFirst();
        }
    }

    Optional<PurchaseOrder> findByEpisode(Connection c, String sku, long episode) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM purchase_orders WHERE sku = ? AND episode = ?")) {
            s.setString(1, sku);
            s.setLong(2, episode);
            return list(s).stream().findFirst();
        }
    }

    /** Newest first; {@code sku} null means every SKU. */
    List<PurchaseOrder> listNewest(Connection c, String sku, int limit) throws SQLException {
        String where = sku == null ? "" : " WHERE sku = ?";
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM purchase_orders" + where
                + " ORDER BY created_at DESC, po_id DESC LIMIT ?")) {
            int i = 1;
            if (sku != null) {
                s.setString(i++, sku);
            }
            s.setInt(i, limit);
            return list(s);
        }
    }

    /** Records a shipment; false if that shipment of that order was already recorded. */
    boolean insertReceiptIfAbsent(Connection tx, Receipt r) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO po_receipts (receipt_id, po_id, shipment_no, units, received_at)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (receipt_id) DO NOTHING")) {
            s.setString(1, r.receiptId());
            s.setString(2, r.poId());
            s.setInt(3, r.shipmentNo());
            s.setInt(4, r.units());
            s.setTimestamp(5, Timestamp.from(r.receivedAt()));
            return s.executeUpdate() == 1;
        }
    }

    List<Receipt> receipts(Connection c, String poId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT receipt_id, po_id, shipment_no, units, received_at"
                + " FROM po_receipts WHERE po_id = ? ORDER BY shipment_no")) {
            s.setString(1, poId);
            try (ResultSet rs = s.executeQuery()) {
                List<Receipt> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Receipt(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                            rs.getTimestamp(5).toInstant()));
                }
                return out;
            }
        }
    }

    private static void bind(PreparedStatement s, PurchaseOrder po) throws SQLException {
        s.setString(1, po.poId());
        s.setString(2, po.sku());
        s.setLong(3, po.episode());
        s.setInt(4, po.unitsOrdered());
        s.setInt(5, po.unitsReceived());
        s.setString(6, po.status().name());
        s.setInt(7, po.sendAttempts());
        setInstant(s, 8, po.nextActionAt());
        setInstant(s, 9, po.expectedAt());
        s.setString(10, po.failureReason());
        setInstant(s, 11, po.createdAt());
        setInstant(s, 12, po.updatedAt());
    }

    private static List<PurchaseOrder> list(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            List<PurchaseOrder> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new PurchaseOrder(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getInt(5),
                        PurchaseOrderStatus.valueOf(rs.getString(6)), rs.getInt(7), instant(rs, 8), instant(rs, 9),
                        rs.getString(10), instant(rs, 11), instant(rs, 12)));
            }
            return out;
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static void setInstant(PreparedStatement s, int index, Instant value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            s.setTimestamp(index, Timestamp.from(value));
        }
    }
}
