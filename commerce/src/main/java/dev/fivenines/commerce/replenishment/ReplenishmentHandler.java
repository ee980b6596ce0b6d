package dev.fivenines.commerce.replenishment;

import dev.fivenines.base.Ids;
import dev.fivenines.commerce.payloads.StockLowEvent;
import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventHandler;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.PoisonEventException;
import dev.fivenines.events.Topics;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.logging.Logger;

/**
 * Consumes {@link Topics#INVENTORY}: turns each low-stock episode into exactly one purchase order,
 * OPEN, in the consumer's transaction. The scheduler sends it to the supplier afterwards, so a slow
 * supplier never holds up the consumer.
 *
 * <p>The consumer dedupes by event id; the same episode can still arrive under a second id (the
 * ledger's new leader re-announcing it, a replay from the dead-letter topic). UNIQUE (sku, episode)
 * makes the second one a no-op.
 */
public final class ReplenishmentHandler implements EventHandler {
    private static final Logger LOG = Logger.getLogger(ReplenishmentHandler.class.getName());
    static final int MAX_SKU_LENGTH = 64;

    private final PurchaseOrderStore store;
    private final Clock clock;
    private final Ids ids;
    private final int defaultReorderUnits;

    ReplenishmentHandler(PurchaseOrderStore store, Clock clock, Ids ids, int defaultReorderUnits) {
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.defaultReorderUnits = defaultReorderUnits;
    }

    @Override
    public void handle(Connection tx, EventEnvelope event) throws SQLException {
        if (!EventHandler.is(event, EventTypes.STOCK_LOW)) {
            return; // stock-received is the restock consumer's business
        }
        if (event.schemaVersion() > StockLowEvent.SCHEMA_VERSION) {
            throw new PoisonEventException(event.type() + " " + event.id() + " has schema version "
                    + event.schemaVersion() + "; replenishment understands up to " + StockLowEvent.SCHEMA_VERSION);
        }
        StockLowEvent low = event.payloadAs(StockLowEvent.class);
        String sku = requireSku(low.sku(), event);
        if (low.episode() < 0 || low.reorderQty() < 0 || low.reorderQty() > ReplenishmentConfig.MAX_ORDER_UNITS) {
            throw new PoisonEventException(event.type() + " " + event.id() + " for sku " + sku + " has episode "
                    + low.episode() + " and reorderQty " + low.reorderQty() + "; need episode >= 0 and reorderQty in [0, "
                    + ReplenishmentConfig.MAX_ORDER_UNITS + "]");
        }
        int units = low.reorderQty() > 0 ? low.reorderQty() : defaultReorderUnits;
        PurchaseOrder po = PurchaseOrder.open(ids.nextString(), sku, low.episode(), units, now(clock));
        if (!store.insertIfAbsent(tx, po)) {
            LOG.info(() -> "stock-low episode " + low.episode() + " of sku " + sku + " (event " + event.id()
                    + ") already has purchase order "
                    + findQuietly(tx, sku, low.episode()) + "; not ordering again");
            return;
        }
        LOG.info(() -> "sku " + sku + " low (available " + low.availableUnits() + " <= safety stock "
                + low.safetyStock() + ", episode " + low.episode() + "): purchase order " + po.poId() + " for " + units + " units");
    }

    private String findQuietly(Connection tx, String sku, long episode) {
        try {
            return store.findByEpisode(tx, sku, episode).map(PurchaseOrder::poId).orElse("?");
        } catch (SQLException e) {
            return "? (lookup failed: " + e.getMessage() + ")";
        }
    }

    private static String requireSku(String sku, EventEnvelope event) {
        if (sku == null || sku.isBlank() || sku.length() > MAX_SKU_LENGTH) {
            throw new PoisonEventException(event.type() + " " + event.id() + " has no usable sku: '" + sku + "'");
        }
        return sku;
    }

    /** PostgreSQL keeps microseconds: truncating here makes events and rows agree exactly. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
