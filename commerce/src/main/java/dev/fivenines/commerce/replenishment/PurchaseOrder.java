package dev.fivenines.commerce.replenishment;

import dev.fivenines.base.Check;

import java.time.Instant;
import java.util.Objects;

/**
 * One order to a supplier for one low-stock episode of one SKU. Immutable: each step returns the
 * next version, moved through {@link PurchaseOrderStatus}'s transition table.
 *
 * @param nextActionAt when the scheduler should next send it (OPEN, RETRYING) or ask for deliveries
 *                     (SENT, PARTIALLY_RECEIVED); null once it is RECEIVED or FAILED
 */
public record PurchaseOrder(String poId, String sku, long episode, int unitsOrdered, int unitsReceived,
                            PurchaseOrderStatus status, int sendAttempts, Instant nextActionAt, Instant expectedAt,
                            String failureReason, Instant createdAt, Instant updatedAt) {
    public PurchaseOrder {
        Objects.requireNonNull(poId, "poId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(status, "status");
        Check.argument(unitsOrdered > 0, "units ordered must be > 0 for po %s, was %s", poId, unitsOrdered);
        // Invariant checked where it is produced: a supplier never delivers more than ordered.
        Check.state(unitsReceived >= 0 && unitsReceived <= unitsOrdered,
                "units received <= units ordered for po %s: %s > %s", poId, unitsReceived, unitsOrdered);
        Check.state(status != PurchaseOrderStatus.RECEIVED || unitsReceived == unitsOrdered,
                "po %s RECEIVED with %s of %s units", poId, unitsReceived, unitsOrdered);
    }

    static PurchaseOrder open(String poId, String sku, long episode, int units, Instant now) {
        return new PurchaseOrder(poId, sku, episode, units, 0, PurchaseOrderStatus.OPEN, 0, now, null, null, now, now);
    }

    PurchaseOrder sent(Instant expectedAt, Instant nextCheckAt, Instant now) {
        return new PurchaseOrder(poId, sku, episode, unitsOrdered, unitsReceived, status.moveTo(PurchaseOrderStatus.SENT, poId),
                sendAttempts + 1, nextCheckAt, expectedAt, null, createdAt, now);
    }

    PurchaseOrder retryAt(Instant nextAttemptAt, String reason, Instant now) {
        return new PurchaseOrder(poId, sku, episode, unitsOrdered, unitsReceived,
                status.moveTo(PurchaseOrderStatus.RETRYING, poId), sendAttempts + 1, nextAttemptAt, null, reason, createdAt, now);
    }

    PurchaseOrder failed(String reason, Instant now) {
        return new PurchaseOrder(poId, sku, episode, unitsOrdered, unitsReceived, status.moveTo(PurchaseOrderStatus.FAILED, poId),
                sendAttempts + 1, null, null, reason, createdAt, now);
    }

    PurchaseOrder received(int units, Instant nextCheckAt, Instant now) {
        Check.argument(units > 0, "a delivery for po %s must carry units, was %s", poId, units);
        int total = unitsReceived + units;
        Check.state(total <= unitsOrdered, "po %s would receive %s units of %s ordered", poId, total, unitsOrdered);
        PurchaseOrderStatus next = status.moveTo(total == unitsOrdered
                ? PurchaseOrderStatus.RECEIVED : PurchaseOrderStatus.PARTIALLY_RECEIVED, poId);
        return new PurchaseOrder(poId, sku, episode, unitsOrdered, total, next, sendAttempts,
                next == PurchaseOrderStatus.RECEIVED ? null : nextCheckAt, expectedAt, null, createdAt, now);
    }

    PurchaseOrder checkAgainAt(Instant nextCheckAt, Instant now) {
        Check.state(status.inTransit(), "po %s is %s, not in transit", poId, status);
        return new PurchaseOrder(poId, sku, episode, unitsOrdered, unitsReceived, status, sendAttempts, nextCheckAt,
                expectedAt, failureReason, createdAt, now);
    }
}
