package dev.fivenines.commerce.idempotency;

import java.util.Optional;

/** What a client-chosen {@code Idempotency-Key} may look like: 1 to 128 printable ASCII characters. */
public final class IdempotencyKeys {
    public static final int MAX_LENGTH = 128;

    private IdempotencyKeys() {
    }

    /** Why {@code key} is not acceptable, or empty if it is. */
    public static Optional<String> problemWith(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("the Idempotency-Key header is required: a unique value per purchase attempt, reused when retrying it");
        }
        if (key.length() > MAX_LENGTH) {
            return Optional.of("Idempotency-Key must be at most " + MAX_LENGTH + " characters, was " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return Optional.of("Idempotency-Key must be printable ASCII; character " + (i + 1) + " is not");
            }
        }
        if (key.isBlank()) {
            return Optional.of("Idempotency-Key must not be blank");
        }
        return Optional.empty();
    }
}
