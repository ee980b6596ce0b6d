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

    /** Units available (on hand minus held) per SKU; unknown SKUs are absent. */
    Map<String, Integer> available(Collection<String> skus);
}
