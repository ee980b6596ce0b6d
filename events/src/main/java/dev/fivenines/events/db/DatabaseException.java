package dev.fivenines.events.db;

/**
 * The database could not do what was asked (unreachable, timed out, constraint broken). HTTP
 * adapters answer it with 503 + Retry-After: the request may be retried with the same
 * Idempotency-Key, and nothing half-way was committed.
 */
public class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
