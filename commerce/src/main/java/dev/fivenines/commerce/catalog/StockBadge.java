package dev.fivenines.commerce.catalog;

import dev.fivenines.base.Check;
import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.inventory.ReadConsistency;
import dev.fivenines.inventory.StockReading;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The "in stock" figure on a product page: units available, read with bounded staleness (a nearby
 * replica, no leader round trip), with how stale it may be; or nothing when the ledger cannot say.
 * A product page never fails because the ledger is slow or down; checkout, which must not oversell,
 * asks the ledger itself with strong reads and commands, and does not trust this figure.
 *
 * <p>A figure read once is shown again while it is within the bound: its staleness is the replica's
 * plus the time since it was read, so a popular product costs one ledger read per shop every couple
 * of seconds, not one per page view (docs/decisions/019). At most {@value #MAX_CACHED} SKUs are kept.
 */
public final class StockBadge {
    private static final Logger LOG = Logger.getLogger(StockBadge.class.getName());
    /** A badge two seconds behind is still right about "in stock" for all but the last few units. */
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(2);

    /**
     * @param availableUnits     units available, null when unknown
     * @param maxStalenessMillis upper bound on how stale that figure is (0: read strong); null with it
     */
    public record Figure(Integer availableUnits, Long maxStalenessMillis) {
        static final Figure UNKNOWN = new Figure(null, null);
    }

    static final int MAX_CACHED = 10_000;

    /** A figure as read: its units, the replica's staleness bound then, and when it was read. */
    private record Read(int units, long stalenessNanos, long readAtNanos) {
    }

    private final InventoryClient inventory;
    private final ReadConsistency.Bounded consistency;
    private final long maxStalenessNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Read> cached = new ConcurrentHashMap<>();

    public StockBadge(InventoryClient inventory) {
        this(inventory, DEFAULT_MAX_STALENESS);
    }

    public StockBadge(InventoryClient inventory, Duration maxStaleness) {
        this(inventory, maxStaleness, System::nanoTime);
    }

    /** {@code nanoTime} dates the figures kept; a clock that went back makes them be read again. */
    public StockBadge(InventoryClient inventory, Duration maxStaleness, LongSupplier nanoTime) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        Check.argument(!maxStaleness.isNegative(), "stock badge staleness must be >= 0, was %s", maxStaleness);
        this.consistency = ReadConsistency.bounded(maxStaleness);
        this.maxStalenessNanos = maxStaleness.toNanos();
        this.nanoTime = nanoTime;
    }

    public Figure figure(String sku) {
        long now = nanoTime.getAsLong();
        Read last = cached.get(sku);
        if (last != null && now >= last.readAtNanos()) {
            long staleness = last.stalenessNanos() + (now - last.readAtNanos());
            if (staleness <= maxStalenessNanos) {
                return new Figure(last.units(), Duration.ofNanos(staleness).toMillis());
            }
        }
        try {
            StockReading reading = inventory.read(List.of(sku), consistency);
            Integer units = reading.available().get(sku);
            if (units == null) {
                cached.remove(sku);
                return Figure.UNKNOWN;
            }
            if (cached.size() >= MAX_CACHED) {
                cached.clear();
            }
            cached.put(sku, new Read(units, reading.maxStaleness().toNanos(), now));
            return new Figure(units, reading.maxStaleness().toMillis());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "product page for " + sku + " shown without stock figure: the ledger did not answer ("
                    + e.getMessage() + ")");
            return Figure.UNKNOWN;
        }
    }

    /** The bound every figure shown is within. */
    public Duration maxStaleness() {
        return Duration.ofNanos(maxStalenessNanos);
    }

    public Integer availableUnits(String sku) {
        return figure(sku).availableUnits();
    }
}
