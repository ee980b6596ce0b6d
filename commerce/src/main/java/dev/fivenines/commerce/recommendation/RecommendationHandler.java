package dev.fivenines.commerce.recommendation;

import dev.fivenines.commerce.payloads.OrderPlaced;
import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventHandler;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.PoisonEventException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Feeds every placed order into the co-purchase model, inside the consumer's transaction: the
 * consumer's dedupe row and the counts commit together, so a redelivered event counts once.
 */
public final class RecommendationHandler implements EventHandler {
    private static final Logger LOG = Logger.getLogger(RecommendationHandler.class.getName());
    static final int MAX_PRODUCT_ID_LENGTH = 64;

    private final CoPurchaseStore store;

    RecommendationHandler(CoPurchaseStore store) {
        this.store = store;
    }

    @Override
    public void handle(Connection tx, EventEnvelope event) throws SQLException {
        if (!EventHandler.is(event, EventTypes.ORDER_PLACED)) {
            return;
        }
        if (event.schemaVersion() > OrderPlaced.SCHEMA_VERSION) {
            throw new PoisonEventException(event.type() + " " + event.id() + " has schema version "
                    + event.schemaVersion() + "; recommendations understand up to " + OrderPlaced.SCHEMA_VERSION);
        }
        OrderPlaced order = event.payloadAs(OrderPlaced.class);
        CoPurchaseModel.OrderUpdate update = CoPurchaseModel.learn(purchasesOf(order, event));
        if (update.truncatedProducts() > 0) {
            LOG.warning(() -> "order " + order.orderId() + " has " + (update.truncatedProducts() + CoPurchaseModel.MAX_PRODUCTS_PER_ORDER)
                    + " distinct products; " + update.truncatedProducts() + " of them were left out of the co-purchase pairs"
                    + " (their units still count as sales)");
        }
        store.apply(tx, update);
    }

    private static List<CoPurchaseModel.Purchase> purchasesOf(OrderPlaced order, EventEnvelope event) {
        if (order.lines() == null) {
            throw new PoisonEventException(event.type() + " " + event.id() + " has no lines");
        }
        List<CoPurchaseModel.Purchase> purchases = new ArrayList<>(order.lines().size());
        for (OrderPlaced.Line line : order.lines()) {
            if (line == null || line.productId() == null || line.productId().isBlank()
                    || line.productId().length() > MAX_PRODUCT_ID_LENGTH || line.quantity() <= 0) {
                throw new PoisonEventException(event.type() + " " + event.id() + " has an unusable line: " + line);
            }
            purchases.add(new CoPurchaseModel.Purchase(line.productId(), line.quantity()));
        }
        return purchases;
    }
}
