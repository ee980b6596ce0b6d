package dev.fivenines.inventory;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link InventoryClient} promises, stated once and run against each ledger (the
 * PostgreSQL one and the sharded Raft one). A subclass gives the ledger and the few hooks that only
 * it can provide: stocking a SKU, letting time pass, and looking at its books (on hand, held, a
 * hold's status) behind the interface. Tests share one ledger per class, so each uses fresh SKUs.
 */
public abstract class InventoryClientContract {
    protected static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);

    /** The ledger under test, shared by the class's tests. */
    protected abstract InventoryClient ledger();

    /** Puts {@code units} on hand of a new {@code sku} (goods received). */
    protected abstract void stock(String sku, int units);

    /** Moves the ledger's clock on by {@code by}, where the test controls it; else real time passes on its own. */
    protected abstract void passTime(Duration by);

    /** A TTL this ledger lets run out within a test. */
    protected abstract Duration shortTtl();

    /**
     * Lets holds of {@link #shortTtl()} run out and the ledger's own expiry act on them (a reaper run,
     * a leader's tick). May return before they expired: the test waits for their units to come back.
     */
    protected abstract void outliveShortTtl();

    /** The SKU's units on hand and held, as the ledger's books have them. */
    protected abstract List<Integer> onHandAndHeld(String sku);

    /** The hold's status as the ledger records it, or null if it has no such hold. */
    protected abstract HoldStatus status(UUID holdId);

    /** A client of this kind whose ledger cannot be reached (nothing listens where it points), with a short deadline. */
    protected abstract InventoryClient unreachableLedger();

    private static long skuCounter;

    /** A SKU no other test has used, with {@code units} on hand. */
    protected final String newSku(int units) {
        String sku = "sku-" + (++skuCounter) + "-" + UUID.randomUUID().toString().substring(0, 8);
        stock(sku, units);
        return sku;
    }

    @Test
    void given10Units_when11HoldsOf1Race_thenExactly10SucceedAndNothingIsOversold() throws Exception {
        String sku = newSku(10);
        int racers = 11;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ReserveResult>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                Callable<ReserveResult> hold = () -> {
                    go.await();
                    return ledger().reserve(UUID.randomUUID(), List.of(new StockLine(sku, 1)), FIFTEEN_MINUTES);
                };
                results.add(pool.submit(hold));
            }
            go.countDown();
            int held = 0;
            int shorts = 0;
            for (Future<ReserveResult> f : results) {
                if (f.get() instanceof ReserveResult.Held) {
                    held++;
                } else {
                    shorts++;
                }
            }
            assertThat(held).isEqualTo(10);
            assertThat(shorts).isEqualTo(1);
        }
        assertThat(ledger().available(List.of(sku))).containsEntry(sku, 0);
    }

    @Test
    void givenAHold_whenReservedAgainWithTheSameId_thenTheFirstResultIsReturnedAndNothingMoreIsHeld() {
        String sku = newSku(5);
        UUID holdId = UUID.randomUUID();
        var first = ledger().reserve(holdId, List.of(new StockLine(sku, 2)), FIFTEEN_MINUTES);
        passTime(Duration.ofSeconds(1));
        var repeat = ledger().reserve(holdId, List.of(new StockLine(sku, 2)), FIFTEEN_MINUTES);

        assertThat(first).isInstanceOf(ReserveResult.Held.class);
        assertThat(repeat).isEqualTo(first);
        assertThat(ledger().available(List.of(sku))).containsEntry(sku, 3);
    }

    @Test
    void givenTwoSkusOneShort_whenReserved_thenNothingIsHeldAndTheShortSkuIsNamed() {
        String plenty = newSku(5);
        String scarce = newSku(1);
        var result = ledger().reserve(UUID.randomUUID(),
                List.of(new StockLine(plenty, 2), new StockLine(scarce, 3), new StockLine("no-such-sku", 1)),
                FIFTEEN_MINUTES);

        assertThat(result).isInstanceOf(ReserveResult.Short.class);
        assertThat(((ReserveResult.Short) result).shortages()).containsExactlyInAnyOrder(
                new ReserveResult.Shortage(scarce, 3, 1), new ReserveResult.Shortage("no-such-sku", 1, 0));
        assertThat(ledger().available(List.of(plenty, scarce))).containsExactlyInAnyOrderEntriesOf(Map.of(plenty, 5, scarce, 1));
    }

    @Test
    void givenAHold_whenCommittedTwice_thenStockLeavesOnHandOnce() {
        String sku = newSku(5);
        UUID holdId = UUID.randomUUID();
        ledger().reserve(holdId, List.of(new StockLine(sku, 2)), FIFTEEN_MINUTES);

        assertThat(ledger().commit(holdId)).isTrue();
        assertThat(ledger().commit(holdId)).isTrue();
        assertThat(onHandAndHeld(sku)).containsExactly(3, 0);
        assertThat(status(holdId)).isEqualTo(HoldStatus.COMMITTED);
    }

    @Test
    void givenAHold_whenReleasedTwice_thenUnitsComeBackOnceAndACommitAfterwardsFails() {
        String sku = newSku(5);
        UUID holdId = UUID.randomUUID();
        ledger().reserve(holdId, List.of(new StockLine(sku, 2)), FIFTEEN_MINUTES);

        assertThat(ledger().release(holdId)).isTrue();
        assertThat(ledger().release(holdId)).isTrue();
        assertThat(ledger().commit(holdId)).isFalse();
        assertThat(onHandAndHeld(sku)).containsExactly(5, 0);
    }

    @Test
    void givenACommittedHold_whenTheOrderIsCancelled_thenItsUnitsReturnOnHand() {
        String sku = newSku(5);
        UUID holdId = UUID.randomUUID();
        ledger().reserve(holdId, List.of(new StockLine(sku, 4)), FIFTEEN_MINUTES);
        ledger().commit(holdId);
        assertThat(onHandAndHeld(sku)).containsExactly(1, 0);

        assertThat(ledger().release(holdId)).isTrue();
        assertThat(ledger().release(holdId)).isTrue();

        assertThat(onHandAndHeld(sku)).containsExactly(5, 0);
        assertThat(status(holdId)).isEqualTo(HoldStatus.RELEASED);
    }

    @Test
    void givenAnUnknownHold_whenCommittedOrReleased_thenFalse() {
        assertThat(ledger().commit(UUID.randomUUID())).isFalse();
        assertThat(ledger().release(UUID.randomUUID())).isFalse();
    }

    @Test
    void givenAHoldWithAShortTtl_whenNobodyCommitsIt_thenItExpiresItsUnitsComeBackAndItCanNoLongerBeCommitted() {
        String sku = newSku(3);
        UUID holdId = UUID.randomUUID();
        ledger().reserve(holdId, List.of(new StockLine(sku, 3)), shortTtl());
        assertThat(ledger().available(List.of(sku))).isEqualTo(Map.of(sku, 0));

        outliveShortTtl();

        await("hold expired").atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(ledger().available(List.of(sku))).isEqualTo(Map.of(sku, 3)));
        assertThat(status(holdId)).isEqualTo(HoldStatus.EXPIRED);
        assertThat(ledger().commit(holdId)).isFalse();
        assertThat(ledger().release(holdId)).as("its units are back: the caller's wish holds").isTrue();
        assertThat(onHandAndHeld(sku)).containsExactly(3, 0);
    }

    @Test
    void givenSkusKnownAndUnknown_whenRead_thenUnknownSkusAreAbsentAndAStrongReadClaimsNoStaleness() {
        String sku = newSku(4);
        ledger().reserve(UUID.randomUUID(), List.of(new StockLine(sku, 1)), FIFTEEN_MINUTES);

        assertThat(ledger().available(List.of())).isEmpty();
        assertThat(ledger().available(List.of(sku, "no-such-sku"))).isEqualTo(Map.of(sku, 3));
        StockReading strong = ledger().read(List.of(sku, "no-such-sku"), ReadConsistency.STRONG);
        assertThat(strong.available()).isEqualTo(Map.of(sku, 3));
        assertThat(strong.isStrong()).isTrue();
        assertThat(strong.servedBy()).isNotBlank();
    }

    @Test
    void givenTheLedgerUnreachable_whenAskedAnything_thenItSaysUnavailableRatherThanAnswer() {
        InventoryClient gone = unreachableLedger();
        UUID holdId = UUID.randomUUID();

        assertThatThrownBy(() -> gone.reserve(holdId, List.of(new StockLine("sku-1", 1)), FIFTEEN_MINUTES))
                .isInstanceOf(InventoryUnavailableException.class);
        assertThatThrownBy(() -> gone.commit(holdId)).isInstanceOf(InventoryUnavailableException.class);
        assertThatThrownBy(() -> gone.release(holdId)).isInstanceOf(InventoryUnavailableException.class);
        assertThatThrownBy(() -> gone.available(List.of("sku-1"))).isInstanceOf(InventoryUnavailableException.class);
    }

    @Test
    void givenABoundedRead_thenItNeverClaimsMoreStalenessThanItsBound() {
        String sku = newSku(4);
        ReadConsistency.Bounded bound = ReadConsistency.bounded(Duration.ofSeconds(2));

        StockReading reading = ledger().read(List.of(sku, "no-such-sku"), bound);

        assertThat(reading.maxStaleness()).isLessThanOrEqualTo(bound.maxStaleness());
        assertThat(reading.available()).doesNotContainKey("no-such-sku");
    }
}
