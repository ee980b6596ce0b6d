package dev.fivenines.commerce.catalog;

import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ReadConsistency;
import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;
import dev.fivenines.inventory.StockReading;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The product page's stock figure: a bounded read, its staleness shown, and nothing when the ledger cannot say. */
class StockBadgeTest {
    /** Records the consistency each read asked for; answers from a scripted reading. */
    private static final class ScriptedLedger implements InventoryClient {
        final List<ReadConsistency> asked = new ArrayList<>();
        StockReading answer;
        RuntimeException failure;

        @Override
        public StockReading read(Collection<String> skus, ReadConsistency consistency) {
            asked.add(consistency);
            if (failure != null) {
                throw failure;
            }
            return answer;
        }

        @Override
        public Map<String, Integer> available(Collection<String> skus) {
            throw new AssertionError("the badge must not make a strong read");
        }

        @Override
        public ReserveResult reserve(UUID holdId, List<StockLine> lines, Duration ttl) {
            throw new AssertionError("the badge must not reserve");
        }

        @Override
        public boolean commit(UUID holdId) {
            throw new AssertionError("the badge must not commit");
        }

        @Override
        public boolean release(UUID holdId) {
            throw new AssertionError("the badge must not release");
        }
    }

    private final ScriptedLedger ledger = new ScriptedLedger();

    @Test
    void givenAConfiguredBound_whenTheBadgeReads_thenItAsksForABoundedReadAndShowsTheReplicasStaleness() {
        ledger.answer = new StockReading(Map.of("sku-1", 12), Duration.ofMillis(140), "i2");

        StockBadge.Figure figure = new StockBadge(ledger, Duration.ofMillis(1500)).figure("sku-1");

        assertThat(ledger.asked).containsExactly(ReadConsistency.bounded(Duration.ofMillis(1500)));
        assertThat(figure).isEqualTo(new StockBadge.Figure(12, 140L));
    }

    @Test
    void givenNoBoundConfigured_thenTheBadgeAllowsTwoSeconds() {
        ledger.answer = new StockReading(Map.of("sku-1", 3), Duration.ZERO, "leader:i1");

        assertThat(new StockBadge(ledger).availableUnits("sku-1")).isEqualTo(3);
        assertThat(ledger.asked).containsExactly(ReadConsistency.bounded(Duration.ofSeconds(2)));
    }

    @Test
    void givenTheLedgerCannotAnswer_whenThePageAsks_thenTheFigureIsUnknownAndThePageIsStillServed() {
        ledger.failure = new InventoryUnavailableException("no leader within 5 s", null);

        assertThat(new StockBadge(ledger).figure("sku-1")).isEqualTo(new StockBadge.Figure(null, null));
    }

    @Test
    void givenAnUnknownSku_thenTheFigureIsUnknownWithoutAStaleness() {
        ledger.answer = new StockReading(Map.of(), Duration.ofMillis(20), "i2");

        assertThat(new StockBadge(ledger).figure("sku-404")).isEqualTo(new StockBadge.Figure(null, null));
    }

    @Test
    void givenAFigureReadRecently_whenThePageIsViewedAgainWithinTheBound_thenItIsShownWithItsAgeAddedAndTheLedgerIsNotAsked() {
        AtomicLong now = new AtomicLong(0);
        StockBadge badge = new StockBadge(ledger, Duration.ofMillis(2000), now::get);
        ledger.answer = new StockReading(Map.of("sku-1", 7), Duration.ofMillis(150), "i2");
        assertThat(badge.figure("sku-1")).isEqualTo(new StockBadge.Figure(7, 150L));

        now.addAndGet(Duration.ofMillis(1850).toNanos());
        ledger.answer = new StockReading(Map.of("sku-1", 5), Duration.ofMillis(10), "i3");

        assertThat(badge.figure("sku-1")).as("150 ms stale when read, 1850 ms ago: exactly at the bound")
                .isEqualTo(new StockBadge.Figure(7, 2000L));
        assertThat(ledger.asked).hasSize(1);
    }

    @Test
    void givenACachedFigurePastTheBound_whenThePageIsViewed_thenTheLedgerIsReadAgain() {
        AtomicLong now = new AtomicLong(0);
        StockBadge badge = new StockBadge(ledger, Duration.ofMillis(2000), now::get);
        ledger.answer = new StockReading(Map.of("sku-1", 7), Duration.ofMillis(150), "i2");
        badge.figure("sku-1");

        now.addAndGet(Duration.ofMillis(1851).toNanos());
        ledger.answer = new StockReading(Map.of("sku-1", 5), Duration.ofMillis(10), "i3");

        assertThat(badge.figure("sku-1")).isEqualTo(new StockBadge.Figure(5, 10L));
        assertThat(ledger.asked).hasSize(2);
    }

    @Test
    void givenAStrongBound_thenEveryViewReadsTheLedger() {
        AtomicLong now = new AtomicLong(0);
        StockBadge badge = new StockBadge(ledger, Duration.ZERO, now::get);
        ledger.answer = new StockReading(Map.of("sku-1", 7), Duration.ZERO, "leader:i1");
        badge.figure("sku-1");
        now.addAndGet(1);

        badge.figure("sku-1");

        assertThat(ledger.asked).hasSize(2);
    }

    @Test
    void givenAFailedRead_thenNothingIsCachedAndTheNextViewAsksAgain() {
        AtomicLong now = new AtomicLong(0);
        StockBadge badge = new StockBadge(ledger, Duration.ofMillis(2000), now::get);
        ledger.failure = new InventoryUnavailableException("no leader", null);
        assertThat(badge.figure("sku-1")).isEqualTo(new StockBadge.Figure(null, null));
        ledger.failure = null;
        ledger.answer = new StockReading(Map.of("sku-1", 4), Duration.ofMillis(30), "i2");

        assertThat(badge.figure("sku-1")).isEqualTo(new StockBadge.Figure(4, 30L));
        assertThat(ledger.asked).hasSize(2);
    }
}
