package dev.fivenines.inventory.sql;

import dev.fivenines.base.Check;
import dev.fivenines.db.Database;
import dev.fivenines.db.DatabaseException;
import dev.fivenines.inventory.HoldStatus;
import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;
import dev.fivenines.inventory.ReserveResult.Shortage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The stock ledger on one SQL database (tables of V20__inventory_ledger.sql).
 *
 * <p>Oversell is impossible by construction: a hold takes units with a conditional update
 * ({@code held + n <= on_hand}) that PostgreSQL re-checks after waiting for the row lock, and the
 * table's CHECK constraints refuse anything else. Stock rows are always touched in SKU order, so two
 * holds over the same SKUs never deadlock.
 *
 * <p>Every command is idempotent by hold id: the {@code inventory_holds} row is the record of what
 * happened. Expiry takes effect when {@link HoldExpiryReaper} runs; until then an overdue hold's
 * units are still held, so committing it oversells nothing and is allowed.
 */
public final class PgStockLedger implements InventoryClient {
    /** Longest TTL a hold may ask for; a longer one is a bug in the caller. */
    public static final Duration MAX_TTL = Duration.ofHours(24);
    /** Most lines one hold may have (one statement each, inside one transaction). */
    public static final int MAX_LINES = 200;

    private final Database db;
    private final Clock clock;

    public PgStockLedger(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Rolls the reserve transaction back while carrying its answer out. */
    private static final class ShortRollback extends RuntimeException {
        final ReserveResult.Short result;

        ShortRollback(ReserveResult.Short result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    @Override
    public ReserveResult reserve(UUID holdId, List<StockLine> lines, Duration ttl) {
        Objects.requireNonNull(holdId, "holdId");
        Check.argument(!lines.isEmpty(), "a hold needs at least one line (hold %s)", holdId);
        Check.argument(lines.size() <= MAX_LINES, "a hold may have at most %s lines, hold %s has %s",
                MAX_LINES, holdId, lines.size());
        Check.argument(!ttl.isNegative() && !ttl.isZero() && ttl.compareTo(MAX_TTL) <= 0,
                "ttl must be in (0, %s], was %s", MAX_TTL, ttl);
        Map<String, Integer> unitsBySku = new TreeMap<>();
        for (StockLine line : lines) {
            unitsBySku.merge(line.sku(), line.units(), Math::addExact);
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        try {
            return db.inTransaction(tx -> {
                if (!insertHold(tx, holdId, expiresAt, now)) {
                    // A repeat: the first call's hold stands (a Short first call left no row).
                    return new ReserveResult.Held(holdId, existingExpiry(tx, holdId));
                }
                List<Shortage> shortages = new ArrayList<>();
                for (var entry : unitsBySku.entrySet()) {
                    if (!takeUnits(tx, entry.getKey(), entry.getValue(), now)) {
                        shortages.add(new Shortage(entry.getKey(), entry.getValue(), availableUnits(tx, entry.getKey())));
                    }
                }
                if (!shortages.isEmpty()) {
                    throw new ShortRollback(new ReserveResult.Short(List.copyOf(shortages)));
                }
                insertLines(tx, holdId, unitsBySku);
                return new ReserveResult.Held(holdId, expiresAt);
            });
        } catch (ShortRollback rollback) {
            return rollback.result;
        } catch (DatabaseException e) {
            throw new InventoryUnavailableException("reserve of hold " + holdId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean commit(UUID holdId) {
        return transition(holdId, HoldStatus.COMMITTED);
    }

    @Override
    public boolean release(UUID holdId) {
        return transition(holdId, HoldStatus.RELEASED);
    }

    /**
     * Moves a hold and its stock. Returns whether the hold ends in the asked state (a repeat is
     * true); for release, an expired hold also counts, since its units are back too.
     */
    private boolean transition(UUID holdId, HoldStatus target) {
        Objects.requireNonNull(holdId, "holdId");
        try {
            return db.inTransaction(tx -> {
                HoldStatus current = lockHold(tx, holdId);
                if (current == null) {
                    return false;
                }
                if (current == target || (target == HoldStatus.RELEASED && current == HoldStatus.EXPIRED)) {
                    return true;
                }
                if (!current.canMoveTo(target)) {
                    return false;
                }
                Map<String, Integer> lines = holdLines(tx, holdId);
                String sql = switch (current) {
                    case HELD -> target == HoldStatus.COMMITTED
                            ? "UPDATE inventory_stock SET on_hand = on_hand - ?, held = held - ?, updated_at = ? WHERE sku = ?"
                            : "UPDATE inventory_stock SET held = held - ?, updated_at = ? WHERE sku = ?";
                    // A sale undone: the units come back on hand.
                    case COMMITTED -> "UPDATE inventory_stock SET on_hand = on_hand + ?, updated_at = ? WHERE sku = ?";
                    default -> throw new IllegalStateException("no stock move from " + current + " to " + target);
                };
                Instant now = clock.instant();
                try (var update = tx.prepareStatement(sql)) {
                    for (var line : lines.entrySet()) {
                        int i = 1;
                        update.setInt(i++, line.getValue());
                        if (current == HoldStatus.HELD && target == HoldStatus.COMMITTED) {
                            update.setInt(i++, line.getValue());
                        }
                        update.setTimestamp(i++, Timestamp.from(now));
                        update.setString(i, line.getKey());
                        Check.state(update.executeUpdate() == 1, "stock row of sku %s in hold %s vanished", line.getKey(), holdId);
                    }
                }
                setStatus(tx, holdId, current.moveTo(target), now);
                return true;
            });
        } catch (DatabaseException e) {
            throw new InventoryUnavailableException(target + " of hold " + holdId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Integer> available(Collection<String> skus) {
        if (skus.isEmpty()) {
            return Map.of();
        }
        try {
            return db.inTransaction(tx -> {
                Map<String, Integer> result = new HashMap<>();
                try (var select = tx.prepareStatement("SELECT sku, on_hand - held FROM inventory_stock WHERE sku = ANY (?)")) {
                    select.setArray(1, tx.createArrayOf("text", skus.toArray()));
                    try (var rs = select.executeQuery()) {
                        while (rs.next()) {
                            result.put(rs.getString(1), rs.getInt(2));
                        }
                    }
                }
                return result;
            });
        } catch (DatabaseException e) {
            throw new InventoryUnavailableException("availability of " + skus.size() + " skus failed: " + e.getMessage(), e);
        }
    }

    /** Adds units on hand (creating the SKU if new): goods received. Not idempotent; callers dedupe. */
    public void addStock(String sku, int units) {
        Check.argument(units >= 1, "units must be >= 1 for sku %s, was %s", sku, units);
        db.inTransaction(tx -> {
            try (var upsert = tx.prepareStatement("""
                    INSERT INTO inventory_stock (sku, on_hand, held, updated_at) VALUES (?, ?, 0, ?)
                    ON CONFLICT (sku) DO UPDATE SET on_hand = inventory_stock.on_hand + EXCLUDED.on_hand,
                                                    updated_at = EXCLUDED.updated_at""")) {
                upsert.setString(1, sku);
                upsert.setInt(2, units);
                upsert.setTimestamp(3, Timestamp.from(clock.instant()));
                upsert.executeUpdate();
            }
            return null;
        });
    }

    /** The hold's status, or null if no such hold exists. */
    public HoldStatus status(UUID holdId) {
        return db.inTransaction(tx -> {
            try (var select = tx.prepareStatement("SELECT status FROM inventory_holds WHERE hold_id = ?")) {
                select.setObject(1, holdId);
                try (var rs = select.executeQuery()) {
                    return rs.next() ? HoldStatus.valueOf(rs.getString(1)) : null;
                }
            }
        });
    }

    private static boolean insertHold(Connection tx, UUID holdId, Instant expiresAt, Instant now) throws SQLException {
        // ON CONFLICT waits for a concurrent first call of the same hold to finish, then sees its row.
        try (var insert = tx.prepareStatement("""
                INSERT INTO inventory_holds (hold_id, status, expires_at, created_at, updated_at)
                VALUES (?, 'HELD', ?, ?, ?) ON CONFLICT (hold_id) DO NOTHING""")) {
            insert.setObject(1, holdId);
            insert.setTimestamp(2, Timestamp.from(expiresAt));
            insert.setTimestamp(3, Timestamp.from(now));
            insert.setTimestamp(4, Timestamp.from(now));
            return insert.executeUpdate() == 1;
        }
    }

    private static Instant existingExpiry(Connection tx, UUID holdId) throws SQLException {
        try (var select = tx.prepareStatement("SELECT expires_at FROM inventory_holds WHERE hold_id = ?")) {
            select.setObject(1, holdId);
            try (var rs = select.executeQuery()) {
                Check.state(rs.next(), "hold %s conflicted on insert but cannot be read", holdId);
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    private static boolean takeUnits(Connection tx, String sku, int units, Instant now) throws SQLException {
        try (var update = tx.prepareStatement(
                "UPDATE inventory_stock SET held = held + ?, updated_at = ? WHERE sku = ? AND on_hand - held >= ?")) {
            update.setInt(1, units);
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, sku);
            update.setInt(4, units);
            return update.executeUpdate() == 1;
        }
    }

    private static int availableUnits(Connection tx, String sku) throws SQLException {
        try (var select = tx.prepareStatement("SELECT on_hand - held FROM inventory_stock WHERE sku = ?")) {
            select.setString(1, sku);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Math.max(0, rs.getInt(1)) : 0;
            }
        }
    }

    private static void insertLines(Connection tx, UUID holdId, Map<String, Integer> unitsBySku) throws SQLException {
        try (var insert = tx.prepareStatement("INSERT INTO inventory_hold_lines (hold_id, sku, units) VALUES (?, ?, ?)")) {
            for (var line : unitsBySku.entrySet()) {
                insert.setObject(1, holdId);
                insert.setString(2, line.getKey());
                insert.setInt(3, line.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static HoldStatus lockHold(Connection tx, UUID holdId) throws SQLException {
        try (var select = tx.prepareStatement("SELECT status FROM inventory_holds WHERE hold_id = ? FOR UPDATE")) {
            select.setObject(1, holdId);
            try (var rs = select.executeQuery()) {
                return rs.next() ? HoldStatus.valueOf(rs.getString(1)) : null;
            }
        }
    }

    /** The hold's units by SKU, in SKU order (the lock order every writer uses). */
    static Map<String, Integer> holdLines(Connection tx, UUID holdId) throws SQLException {
        Map<String, Integer> lines = new TreeMap<>();
        try (var select = tx.prepareStatement("SELECT sku, units FROM inventory_hold_lines WHERE hold_id = ?")) {
            select.setObject(1, holdId);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    lines.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return lines;
    }

    static void setStatus(Connection tx, UUID holdId, HoldStatus status, Instant now) throws SQLException {
        try (var update = tx.prepareStatement("UPDATE inventory_holds SET status = ?, updated_at = ? WHERE hold_id = ?")) {
            update.setString(1, status.name());
            update.setTimestamp(2, Timestamp.from(now));
            update.setObject(3, holdId);
            update.executeUpdate();
        }
    }
}
