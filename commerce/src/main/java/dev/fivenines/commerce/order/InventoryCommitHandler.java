package dev.fivenines.commerce.order;

import dev.fivenines.commerce.payloads.OrderPlaced;
import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventHandler;
import dev.fivenines.events.EventTypes;
import dev.fivenines.inventory.InventoryClient;

import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Topic {@code fivenines.orders}: turns an order's hold into a sale once the order is committed
 * ({@code OrderPlaced} -> {@code inventory.commit(orderId)}). Idempotent: committing twice is a no-op.
 * A hold that can no longer be committed (released by a cancellation, or expired) is logged and
 * counted, not retried: retrying cannot bring it back.
 */
public final class InventoryCommitHandler implements EventHandler {
    private static final Logger LOG = Logger.getLogger(InventoryCommitHandler.class.getName());

    private final InventoryClient inventory;
    private final AtomicLong uncommittable = new AtomicLong();

    public InventoryCommitHandler(InventoryClient inventory) {
        this.inventory = inventory;
    }

    @Override
    public void handle(Connection tx, EventEnvelope event) throws Exception {
        if (!EventHandler.is(event, EventTypes.ORDER_PLACED)) {
            return;
        }
        OrderEvents.requireSchema(event, OrderPlaced.SCHEMA_VERSION);
        OrderPlaced placed = event.payloadAs(OrderPlaced.class);
        var orderId = OrderEvents.orderId(event, placed.orderId());
        // An InventoryUnavailableException propagates: the consumer retries, which is safe.
        if (!inventory.commit(orderId)) {
            var status = OrderRepository.find(tx, orderId, false).map(Order::status).orElse(null);
            if (status == OrderStatus.CANCELLED) {
                LOG.fine(() -> "order " + orderId + " was cancelled before its stock was committed");
            } else {
                uncommittable.incrementAndGet();
                LOG.warning("hold of order " + orderId + " (" + status + ") could not be committed: it was released or expired; "
                        + "the order's units are no longer reserved for it");
            }
        }
    }

    /** Holds that could not be committed for live orders (each also logged). */
    public long uncommittableHolds() {
        return uncommittable.get();
    }
}
