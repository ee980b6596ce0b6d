package dev.fivenines.commerce.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What to do with a request whose key is already stored: replay a finished response, refuse a key
 * reused for another request (422), refuse a concurrent duplicate (409, retry later), or take over
 * an attempt whose lock ran out (its process died) with the same order id.
 */
public final class IdempotencyRules {
    private IdempotencyRules() {
    }

    public sealed interface Decision {
        /** Run the request for {@code orderId}; {@code takeover} when a previous attempt died half-way. */
        record Proceed(UUID orderId, boolean takeover) implements Decision {
        }

        record Replay(int status, String body, UUID orderId) implements Decision {
        }

        record Mismatch() implements Decision {
        }

        record InProgress(int retryAfterSeconds) implements Decision {
        }
    }

    public static Decision decide(IdempotencyRecord existing, String fingerprint, Instant now) {
        if (!existing.fingerprint().equals(fingerprint)) {
            return new Decision.Mismatch();
        }
        if (existing.completed()) {
            return new Decision.Replay(existing.responseStatus(), existing.responseBody(), existing.orderId());
        }
        if (now.isBefore(existing.lockedUntil())) {
            long seconds = Duration.between(now, existing.lockedUntil()).toSeconds();
            return new Decision.InProgress((int) Math.max(1, Math.min(seconds, 5)));
        }
        return new Decision.Proceed(existing.orderId(), true);
    }
}
