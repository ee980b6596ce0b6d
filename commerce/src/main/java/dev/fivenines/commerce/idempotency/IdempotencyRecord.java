package dev.fivenines.commerce.idempotency;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored key: which request it belongs to, the order id fixed for it, and either the lock of the
 * attempt in progress or the response to replay.
 */
public record IdempotencyRecord(String key, String fingerprint, UUID orderId, boolean completed, Instant lockedUntil,
                                Integer responseStatus, String responseBody) {
}
