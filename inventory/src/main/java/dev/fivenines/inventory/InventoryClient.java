package dev.fivenines.inventory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The stock ledger as checkout sees it. Every command is idempotent by its id: repeating a call with
 * the same {@code holdId} returns the first outcome and changes nothing, so callers retry freely
 * after a timeout.
 *
 * <p>Protocol: {@link #reserve} then exactly one of {@link #commit} (the sale happened) or
 * {@link #release} (it did not). A hold neither committed nor released expires after its TTL and its
 * units become available again. Implementations never let held units exceed units on hand.
 */
public interface InventoryClient {
    /** Holds all lines or none. Throws {@link InventoryUnavailableException} if the ledger cannot answer in time. */
    ReserveResult reserve(UUID holdId, List<StockLine> lines, Duration ttl);

    /** Turns the hold into a sale. Committing an expired or released hold returns false. */
    boolean commit(UUID holdId);

    /** Returns the hold's units; for a committed hold (a cancelled order), returns them to stock. */
    boolean release(UUID holdId);

    /**
     * Units available (on hand minus held) per SKU; unknown SKUs are absent. A strong
     * (linearizable) read, the same as {@code read(skus, ReadConsistency.STRONG).available()}.
     */
    Map<String, Integer> available(Collection<String> skus);

    /**
     * Availability at the chosen consistency; the reading says how stale it may be. An
     * implementation that cannot serve a bounded read within its bound serves it strong (staleness
     * zero) instead; it never returns a reading staler than it says. Throws
     * {@link InventoryUnavailableException} if no replica can answer honestly in time.
     *
     * <p>This default, for single-copy ledgers, always reads strong.
     */
    default StockReading read(Collection<String> skus, ReadConsistency consistency) {
        java.util.Objects.requireNonNull(consistency, "consistency");
        return StockReading.strong(available(skus), "primary");
    }

    /**
     * Where bounded reads go (call once, while wiring, before the client is shared). A no-op for
     * ledgers without replicas.
     */
    default void useBoundedReadPolicy(BoundedReadPolicy policy) {
        java.util.Objects.requireNonNull(policy, "policy");
    }
}
