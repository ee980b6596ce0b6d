package dev.fivenines.events;

import dev.fivenines.base.Check;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": after the n-th consecutive failure wait a random time in
 * [d/2, d], where d = min(maxMillis, initialMillis * multiplier^(n-1)). The random half spreads the
 * retries of many relays or consumers that failed together; the fixed half keeps a floor so a
 * struggling dependency gets a real pause. Immutable; the random source is passed in so tests replay.
 *
 * @param initialMillis delay bound after the first failure
 * @param maxMillis     no delay is ever longer than this
 * @param multiplier    growth per consecutive failure
 */
public record Backoff(long initialMillis, long maxMillis, double multiplier) {
    public static final Backoff DEFAULT = new Backoff(100, 5_000, 2.0);

    public Backoff {
        Check.inRange("backoff.initialMillis", initialMillis, 1, 60_000);
        Check.inRange("backoff.maxMillis", maxMillis, initialMillis, 300_000);
        Check.inRange("backoff.multiplier", multiplier, 1.0, 10.0);
    }

    /** The upper bound d for the given number of consecutive failures (1 = first failure). */
    public long ceilingMillis(int failures) {
        Check.argument(failures >= 1, "failures must be >= 1, was %s", failures);
        double ceiling = initialMillis * Math.pow(multiplier, Math.min(failures - 1, 64));
        return (long) Math.min(maxMillis, ceiling);
    }

    /** How long to wait after {@code failures} consecutive failures: in [ceiling/2, ceiling]. */
    public long delayMillis(int failures, RandomGenerator random) {
        long ceiling = ceilingMillis(failures);
        long floor = ceiling / 2;
        return floor + random.nextLong(ceiling - floor + 1);
    }
}
