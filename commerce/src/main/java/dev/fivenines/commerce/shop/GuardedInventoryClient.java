package dev.fivenines.commerce.shop;

import dev.fivenines.commerce.resilience.Breakers;
import dev.fivenines.inventory.BoundedReadPolicy;
import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ReadConsistency;
import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;
import dev.fivenines.inventory.StockReading;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A Resilience4j circuit breaker in front of the stock ledger, for every caller in the shop. The
 * ledger client has its own deadline (it waits for a leader, then gives up with
 * {@link InventoryUnavailableException}); the breaker keeps a ledger that keeps missing it from
 * costing every checkout that whole deadline: when half of the last 20 calls (at least 10) were
 * unavailable it answers unavailable at once for {@link #OPEN_WAIT} (checkout: 503 + Retry-After,
 * the hold given back), then lets 3 trial calls decide. Only unavailability counts; a shortage or
 * a bug is not the ledger being down.
 */
public final class GuardedInventoryClient implements InventoryClient {
    /** Short: a Raft election takes about a second, and the breaker must not outlast the outage by much. */
    public static final Duration OPEN_WAIT = Duration.ofSeconds(2);

    private final InventoryClient delegate;
    private final CircuitBreaker breaker;

    public GuardedInventoryClient(InventoryClient delegate, Clock clock) {
        this.delegate = delegate;
        this.breaker = CircuitBreaker.of("inventory", Breakers.standard(OPEN_WAIT, clock)
                .recordExceptions(InventoryUnavailableException.class).build());
    }

    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    @Override
    public ReserveResult reserve(UUID holdId, List<StockLine> lines, Duration ttl) {
        return guarded("reserve of hold " + holdId, () -> delegate.reserve(holdId, lines, ttl));
    }

    @Override
    public boolean commit(UUID holdId) {
        return guarded("commit of hold " + holdId, () -> delegate.commit(holdId));
    }

    @Override
    public boolean release(UUID holdId) {
        return guarded("release of hold " + holdId, () -> delegate.release(holdId));
    }

    @Override
    public Map<String, Integer> available(Collection<String> skus) {
        return guarded("read of " + skus.size() + " SKUs", () -> delegate.available(skus));
    }

    @Override
    public StockReading read(Collection<String> skus, ReadConsistency consistency) {
        return guarded("read of " + skus.size() + " SKUs", () -> delegate.read(skus, consistency));
    }

    @Override
    public void useBoundedReadPolicy(BoundedReadPolicy policy) {
        delegate.useBoundedReadPolicy(policy);
    }

    private <T> T guarded(String what, Supplier<T> call) {
        try {
            return breaker.executeSupplier(call);
        } catch (CallNotPermittedException e) {
            throw new InventoryUnavailableException("stock ledger breaker is open (most recent calls found it unavailable); "
                    + what + " not attempted", e, false);
        }
    }
}
