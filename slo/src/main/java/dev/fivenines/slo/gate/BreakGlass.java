package dev.fivenines.slo.gate;

import dev.fivenines.base.Check;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An audited override of a frozen gate: who, why, for which service (or all), until when. It never
 * lasts longer than {@link #MAX_LIFETIME}, so a forgotten override cannot keep the gate open.
 */
public record BreakGlass(String by, String reason, Optional<String> service, Instant created, Instant expires) {
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);
    static final int MAX_TEXT = 500;

    public BreakGlass {
        Check.argument(by != null && !by.isBlank() && by.length() <= 100, "who overrides the gate must be named (1-100 characters)");
        Check.argument(reason != null && !reason.isBlank() && reason.length() <= MAX_TEXT, "an override needs a reason (1-%s characters)", MAX_TEXT);
        Check.argument(expires.isAfter(created), "an override must expire after it is made, was %s .. %s", created, expires);
        Check.argument(!Duration.between(created, expires).minus(MAX_LIFETIME).isPositive(),
                "an override lasts at most %s, asked %s", MAX_LIFETIME, Duration.between(created, expires));
    }

    /** In force at {@code now} for {@code askedService} (empty = the whole platform). */
    public boolean covers(Optional<String> askedService, Instant now) {
        return now.isBefore(expires) && !now.isBefore(created) && (service.isEmpty() || service.equals(askedService));
    }
}
