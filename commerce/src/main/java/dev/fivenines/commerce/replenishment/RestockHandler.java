package dev.fivenines.commerce.replenishment;

import dev.fivenines.commerce.payloads.StockReceived;
import dev.fivenines.events.EventEnvelope;
import dev.fivenines.events.EventHandler;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.PoisonEventException;

import java.sql.Connection;

/**
 * Consumes stock-received events and adds the units to the ledger through {@link Restocker}.
 *
 * <p>The restock is a remote call outside the consumer's SQL transaction, so a crash between the
 * restock and the commit of the dedupe row redelivers the event and restocks again. That is safe
 * because the receipt id travels as the ledger's idempotency key: the second call adds nothing.
 * A failing restock throws, the transaction rolls back, and the consumer retries (bounded).
 */
public final class RestockHandler implements EventHandler {
    private final Restocker restocker;

    RestockHandler(Restocker restocker) {
        this.restocker = restocker;
    }

    @Override
    public void handle(Connection tx, EventEnvelope event) throws Exception {
        if (!EventHandler.is(event, EventTypes.STOCK_RECEIVED)) {
            return;
        }
        if (event.schemaVersion() > StockReceived.SCHEMA_VERSION) {
            throw new PoisonEventException(event.type() + " " + event.id() + " has schema version "
                    + event.schemaVersion() + "; restock understands up to " + StockReceived.SCHEMA_VERSION);
        }
        StockReceived received = event.payloadAs(StockReceived.class);
        if (received.receiptId() == null || received.receiptId().isBlank() || received.sku() == null
                || received.sku().isBlank() || received.units() <= 0) {
            throw new PoisonEventException(event.type() + " " + event.id() + " needs a receiptId, a sku and units > 0; was "
                    + received);
        }
        try {
            restocker.restock(received.sku(), received.units(), received.receiptId());
        } catch (PoisonEventException e) {
            throw e;
        } catch (Exception e) {
            throw new RestockFailedException("restock of " + received.units() + " units of sku " + received.sku()
                    + " for receipt " + received.receiptId() + " failed; the event will be retried", e);
        }
    }

    /** The ledger did not confirm a restock; the event is retried. */
    public static final class RestockFailedException extends Exception {
        RestockFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
