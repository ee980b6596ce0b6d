package dev.fivenines.traffic.client;

import dev.fivenines.base.Check;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter (AWS architecture blog): the delay before retry n is uniform
 * in [0, min(cap, base * 2^n)), so retries from many clients spread out instead of arriving together.
 */
public final class Backoff {
    private final long baseNanos;
    private final long capNanos;
    private final DoubleSupplier random;

    public Backoff(long baseNanos, long capNanos, DoubleSupplier random) {
        Check.argument(baseNanos > 0 && capNanos >= baseNanos, "backoff needs 0 < base <= cap, was %s and %s",
                baseNanos, capNanos);
        this.baseNanos = baseNanos;
        this.capNanos = capNanos;
        this.random = random;
    }

    /** Delay before retry number {@code retry} (1 for the first retry). */
    public long delayNanos(int retry) {
        int shift = Math.min(Math.max(0, retry - 1), 30);
        long ceiling = Math.min(capNanos, baseNanos << shift);
        return (long) (random.getAsDouble() * ceiling);
    }
}
