package dev.fivenines.inventory.sql;

import dev.fivenines.db.Database;
import dev.fivenines.db.DbSettings;
import dev.fivenines.db.testing.MutableClock;
import dev.fivenines.db.testing.TestPostgres;
import dev.fivenines.inventory.HoldStatus;
import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.inventory.InventoryClientContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;


import java.time.Duration;



import java.util.List;
import java.util.UUID;


/** The InventoryClient contract on the SQL ledger, on a real PostgreSQL, with a clock the tests move. */
class PgStockLedgerContractTest extends InventoryClientContract {
    private static final MutableClock CLOCK = MutableClock.at("2026-01-01T10:00:00Z");
    private static Database db;
    private static PgStockLedger ledger;
    private static Database unreachable;

    @BeforeAll
    static void start() {
        db = TestPostgres.freshDatabase("ledger_contract");
        ledger = new PgStockLedger(db, CLOCK);
    }

    @AfterAll
    static void stop() {
        db.close();
        if (unreachable != null) {
            unreachable.close();
        }
    }

    @Override
    protected InventoryClient ledger() {
        return ledger;
    }

    @Override
    protected void stock(String sku, int units) {
        ledger.addStock(sku, units);
    }

    @Override
    protected void passTime(Duration by) {
        CLOCK.advance(by);
    }

    @Override
    protected Duration shortTtl() {
        return Duration.ofMinutes(1);
    }

    /** Expiry takes effect when the reaper runs: move past the TTL, then reap until nothing is overdue. */
    @Override
    protected void outliveShortTtl() {
        passTime(shortTtl().multipliedBy(2));
        HoldExpiryReaper reaper = HoldExpiryReaper.manual(db, CLOCK, 100);
        while (reaper.reapOnce() > 0) {
            // each pass expires at most one batch
        }
    }

    @Override
    protected List<Integer> onHandAndHeld(String sku) {
        return db.inTransaction(tx -> {
            try (var s = tx.prepareStatement("SELECT on_hand, held FROM inventory_stock WHERE sku = ?")) {
                s.setString(1, sku);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return List.of(rs.getInt(1), rs.getInt(2));
                }
            }
        });
    }

    @Override
    protected HoldStatus status(UUID holdId) {
        return ledger.status(holdId);
    }

    /** Port 1 on loopback: nothing listens, so every connection attempt fails within the pool's timeout. */
    @Override
    protected InventoryClient unreachableLedger() {
        unreachable = Database.connect(new DbSettings("jdbc:postgresql://127.0.0.1:1/gone", "postgres", "", 1, 250),
                "test-unreachable");
        return new PgStockLedger(unreachable, CLOCK);
    }
}
