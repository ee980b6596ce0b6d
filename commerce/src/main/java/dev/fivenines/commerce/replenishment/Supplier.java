package dev.fivenines.commerce.replenishment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A supplier that takes purchase orders and ships them, possibly in several shipments.
 *
 * <p>Protocol: the scheduler calls {@link #send} for an order until it is {@link Accepted} or refused
 * for good (bounded retries). The purchase order id is the supplier's idempotency key: a resend of an
 * order the supplier already accepted (the scheduler crashed before recording the answer) must not
 * become a second order. After acceptance the scheduler calls {@link #deliveries} now and then; it
 * reports every shipment that has arrived so far, numbered from 1 in arrival order, and must report
 * the same shipment with the same number and units every time (the scheduler records each number
 * once). Both calls must return or throw within the adapter's deadline; a thrown exception counts as
 * "unavailable" and is retried.
 */
public interface Supplier {
    /** Most shipments one order may arrive in; more is a supplier bug. */
    int MAX_SHIPMENTS_PER_ORDER = 100;

    SendResult send(OrderRequest order);

    List<Delivery> deliveries(DeliveryQuery order);

    /** What the supplier is asked to ship. */
    record OrderRequest(String poId, String sku, int units) {
        public OrderRequest {
            Objects.requireNonNull(poId, "poId");
            Objects.requireNonNull(sku, "sku");
        }
    }

    /** An accepted order whose shipments are asked for. */
    record DeliveryQuery(String poId, String sku, int unitsOrdered, Instant expectedAt) {
    }

    /** One shipment that arrived. */
    record Delivery(int shipmentNo, int units, Instant arrivedAt) {
    }

    /** The supplier's answer to {@link #send}: a value, not an exception, since refusal is routine. */
    sealed interface SendResult permits Accepted, Refused {
    }

    /** The supplier took the order and expects to complete it {@code leadTime} from now. */
    record Accepted(Duration leadTime) implements SendResult {
        public Accepted {
            Objects.requireNonNull(leadTime, "leadTime");
        }
    }

    /**
     * The supplier did not take the order. {@code retryable} means "not now" (busy, out of stock for a
     * while); otherwise the order can never be placed (unknown sku) and fails at once.
     */
    record Refused(String reason, boolean retryable) implements SendResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
