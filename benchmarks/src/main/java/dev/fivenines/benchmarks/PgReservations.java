package dev.fivenines.benchmarks;

import dev.fivenines.db.Database;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The PostgreSQL baseline: one conditional UPDATE per reservation on the inventory_stock table
 * (the SQL ledger's hot statement), autocommit, durable. The row lock is held until the commit's
 * flush, so on one SKU every reservation waits for the previous one's fsync.
 */
final class PgReservations {
    private final Database db;

    PgReservations(Database db) {
        this.db = db;
    }

    void seed(String hotSku, int spreadSkus) {
        db.inTransaction(tx -> {
            try (var insert = tx.prepareStatement(
                    "INSERT INTO inventory_stock (sku, on_hand, held) VALUES (?, ?, 0) ON CONFLICT (sku) DO NOTHING")) {
                insert.setString(1, hotSku);
                insert.setInt(2, 2_000_000_000);
                insert.addBatch();
                for (int i = 0; i < spreadSkus; i++) {
                    insert.setString(1, "sku-" + i);
                    insert.setInt(2, 1_000_000);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    boolean reserveOne(String sku) {
        try (Connection c = db.dataSource().getConnection();
             var update = c.prepareStatement(
                     "UPDATE inventory_stock SET held = held + 1 WHERE sku = ? AND on_hand - held >= 1")) {
            c.setAutoCommit(true);
            update.setString(1, sku);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("reservation of " + sku + " failed: " + e.getMessage(), e);
        }
    }
}
