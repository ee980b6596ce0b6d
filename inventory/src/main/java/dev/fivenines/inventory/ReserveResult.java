package dev.fivenines.inventory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Outcome of a reservation. "Sold out" is a value, not an exception: it is the normal answer on a
 * flash sale.
 */
public sealed interface ReserveResult {
    /** Every line is held until {@code expiresAt}, unless committed or released first. */
    record Held(UUID holdId, Instant expiresAt) implements ReserveResult {
    }

    /** Nothing was held: these SKUs have fewer units available than asked for. */
    record Short(List<Shortage> shortages) implements ReserveResult {
    }

    record Shortage(String sku, int requestedUnits, int availableUnits) {
    }
}
