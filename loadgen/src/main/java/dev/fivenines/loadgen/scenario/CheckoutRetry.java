package dev.fivenines.loadgen.scenario;

/**
 * How a checkout that timed out or was told to come back (503/429 + Retry-After, 5xx, connection
 * failure) is retried: always with the same Idempotency-Key, at most {@code maxAttempts} attempts,
 * full-jitter exponential backoff from {@code backoffMillis} up to {@code maxBackoffMillis}, and a
 * Retry-After honoured up to {@code maxRetryAfterMillis}.
 */
public record CheckoutRetry(int maxAttempts, long backoffMillis, long maxBackoffMillis, long maxRetryAfterMillis) {
    public static final CheckoutRetry DEFAULT = new CheckoutRetry(4, 100, 2_000, 10_000);
}
