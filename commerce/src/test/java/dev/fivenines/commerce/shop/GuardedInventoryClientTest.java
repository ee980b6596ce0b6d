package dev.fivenines.commerce.shop;

import dev.fivenines.db.testing.MutableClock;
import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardedInventoryClientTest {
    private static final List<StockLine> LINES = List.of(new StockLine("sku-1", 1));

    /** Counts calls; unavailable while {@code down}; short of stock while {@code shortOfStock}. */
    private static InventoryClient ledger(AtomicInteger calls, AtomicBoolean down, AtomicBoolean shortOfStock) {
        return new InventoryClient() {
            @Override
            public ReserveResult reserve(UUID holdId, List<StockLine> lines, Duration ttl) {
                calls.incrementAndGet();
                if (down.get()) {
                    throw new InventoryUnavailableException("no leader within 2 s", null);
                }
                if (shortOfStock.get()) {
                    return new ReserveResult.Short(List.of(new ReserveResult.Shortage("sku-1", 1, 0)));
                }
                return new ReserveResult.Held(holdId, Instant.EPOCH.plus(ttl));
            }

            @Override
            public boolean commit(UUID holdId) {
                calls.incrementAndGet();
                return true;
            }

            @Override
            public boolean release(UUID holdId) {
                calls.incrementAndGet();
                return true;
            }

            @Override
            public Map<String, Integer> available(Collection<String> skus) {
                calls.incrementAndGet();
                return Map.of();
            }
        };
    }

    @Test
    void givenTheLedgerUnavailableForMostCalls_thenCheckoutsAreToldAtOnceWithoutWaitingOnIt_untilTheOpenWaitIsOver() {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean down = new AtomicBoolean(true);
        MutableClock clock = MutableClock.at("2026-11-23T05:00:00Z");
        GuardedInventoryClient guarded = new GuardedInventoryClient(ledger(calls, down, new AtomicBoolean()), clock);

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> guarded.reserve(UUID.randomUUID(), LINES, Duration.ofMinutes(15)))
                    .isInstanceOf(InventoryUnavailableException.class);
        }
        assertThat(guarded.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> guarded.reserve(UUID.randomUUID(), LINES, Duration.ofMinutes(15)))
                .isInstanceOf(InventoryUnavailableException.class).hasMessageContaining("breaker is open");
        assertThat(calls).as("the open breaker spared the ledger").hasValue(10);

        down.set(false);
        clock.advance(GuardedInventoryClient.OPEN_WAIT.plusMillis(1));
        assertThat(guarded.reserve(UUID.randomUUID(), LINES, Duration.ofMinutes(15))).isInstanceOf(ReserveResult.Held.class);
        assertThat(calls).hasValue(11);
    }

    @Test
    void givenShortagesOnly_thenTheBreakerStaysClosed_forAShortageIsAnAnswerNotAnOutage() {
        AtomicInteger calls = new AtomicInteger();
        GuardedInventoryClient guarded = new GuardedInventoryClient(
                ledger(calls, new AtomicBoolean(), new AtomicBoolean(true)), MutableClock.at("2026-11-23T05:00:00Z"));

        for (int i = 0; i < 30; i++) {
            assertThat(guarded.reserve(UUID.randomUUID(), LINES, Duration.ofMinutes(15))).isInstanceOf(ReserveResult.Short.class);
        }
        assertThat(guarded.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(calls).hasValue(30);
    }
}
