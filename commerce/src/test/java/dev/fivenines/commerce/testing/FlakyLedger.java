package dev.fivenines.commerce.testing;

import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real ledger behind switches that make it look unavailable the way a Raft ledger does during an
 * election: a reserve that is applied but whose answer is lost, and releases that do not get through.
 */
public final class FlakyLedger implements InventoryClient {
    private final InventoryClient ledger;
    private final AtomicBoolean loseNextReserveAnswer = new AtomicBoolean();
    private final AtomicBoolean refuseNextReserve = new AtomicBoolean();
    private final AtomicBoolean releasesFail = new AtomicBoolean();
    private final AtomicInteger releaseCalls = new AtomicInteger();

    public FlakyLedger(InventoryClient ledger) {
        this.ledger = ledger;
    }

    /** The next reserve takes its hold, then throws as if its answer timed out. */
    public void loseNextReserveAnswer() {
        loseNextReserveAnswer.set(true);
    }

    /** The next reserve is refused before it reaches the ledger, as by an open breaker. */
    public void refuseNextReserve() {
        refuseNextReserve.set(true);
    }

    /** Releases throw without reaching the ledger while {@code fail} holds. */
    public void releasesFail(boolean fail) {
        releasesFail.set(fail);
    }

    public int releaseCalls() {
        return releaseCalls.get();
    }

    @Override
    public ReserveResult reserve(UUID holdId, List<StockLine> lines, Duration ttl) {
        if (refuseNextReserve.getAndSet(false)) {
            throw new InventoryUnavailableException("reserve of hold " + holdId + " not attempted (test breaker)", null, false);
        }
        ReserveResult result = ledger.reserve(holdId, lines, ttl);
        if (loseNextReserveAnswer.getAndSet(false)) {
            throw new InventoryUnavailableException("reserve of hold " + holdId + ": no answer within the deadline (test)", null);
        }
        return result;
    }

    @Override
    public boolean commit(UUID holdId) {
        return ledger.commit(holdId);
    }

    @Override
    public boolean release(UUID holdId) {
        releaseCalls.incrementAndGet();
        if (releasesFail.get()) {
            throw new InventoryUnavailableException("release of hold " + holdId + ": ledger unavailable (test)", null);
        }
        return ledger.release(holdId);
    }

    @Override
    public Map<String, Integer> available(Collection<String> skus) {
        return ledger.available(skus);
    }
}
