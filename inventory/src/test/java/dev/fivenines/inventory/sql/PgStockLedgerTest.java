package dev.fivenines.inventory.sql;

import dev.fivenines.db.Database;
import dev.fivenines.db.testing.MutableClock;
import dev.fivenines.db.testing.TestPostgres;
import dev.fivenines.inventory.HoldStatus;
import dev.fivenines.inventory.StockLine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import java.time.Duration;


import java.util.List;
import java.util.UUID;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * What only the SQL ledger does, against a real PostgreSQL: expiry by the reaper. What every ledger
 * promises is in {@link PgStockLedgerContractTest}.
 */
class PgStockLedgerTest {
    private static Database db;
    private static final MutableClock CLOCK = MutableClock.at("2026-01-01T10:00:00Z");
    private static PgStockLedger ledger;
    private static long skuCounter;

    @BeforeAll
    static void start() {
        db = TestPostgres.freshDatabase("ledger");
        ledger = new PgStockLedger(db, CLOCK);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static String newSku(int units) {
        String sku = "sku-" + (++skuCounter) + "-" + UUID.randomUUID().toString().substring(0, 8);
        ledger.addStock(sku, units);
        return sku;
    }

    @Test
    void givenHoldsPastTheirExpiry_whenTheReaperRuns_thenOnlyOverdueHoldsExpireInBoundedBatches() {
        String sku = newSku(10);
        UUID shortLived1 = UUID.randomUUID();
        UUID shortLived2 = UUID.randomUUID();
        UUID longLived = UUID.randomUUID();
        UUID committed = UUID.randomUUID();
        ledger.reserve(shortLived1, List.of(new StockLine(sku, 1)), Duration.ofMinutes(1));
        ledger.reserve(shortLived2, List.of(new StockLine(sku, 2)), Duration.ofMinutes(1));
        ledger.reserve(longLived, List.of(new StockLine(sku, 3)), Duration.ofMinutes(30));
        ledger.reserve(committed, List.of(new StockLine(sku, 1)), Duration.ofMinutes(1));
        ledger.commit(committed);
        var reaper = HoldExpiryReaper.manual(db, CLOCK, 1);

        assertThat(reaper.reapOnce()).isZero();
        CLOCK.advance(Duration.ofMinutes(2));
        int first = reaper.reapOnce();
        int second = reaper.reapOnce();
        int third = reaper.reapOnce();

        assertThat(List.of(first, second, third)).containsExactly(1, 1, 0);
        assertThat(ledger.status(shortLived1)).isEqualTo(HoldStatus.EXPIRED);
        assertThat(ledger.status(shortLived2)).isEqualTo(HoldStatus.EXPIRED);
        assertThat(ledger.status(longLived)).isEqualTo(HoldStatus.HELD);
        assertThat(ledger.status(committed)).isEqualTo(HoldStatus.COMMITTED);
        assertThat(onHandAndHeld(sku)).containsExactly(9, 3);
        assertThat(ledger.commit(shortLived1)).isFalse();
        assertThat(ledger.release(shortLived1)).isTrue();
        assertThat(onHandAndHeld(sku)).containsExactly(9, 3);
    }

    @Test
    void givenARunningReaperLoop_whenAHoldIsOverdue_thenItExpiresWithoutBeingAsked() {
        String sku = newSku(3);
        UUID holdId = UUID.randomUUID();
        ledger.reserve(holdId, List.of(new StockLine(sku, 3)), Duration.ofMinutes(1));
        CLOCK.advance(Duration.ofMinutes(2));

        try (var reaper = HoldExpiryReaper.start(db, CLOCK, 10, Duration.ofMillis(20))) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> ledger.status(holdId) == HoldStatus.EXPIRED);
        }
        assertThat(ledger.available(List.of(sku))).containsEntry(sku, 3);
    }

    private static List<Integer> onHandAndHeld(String sku) {
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
}
