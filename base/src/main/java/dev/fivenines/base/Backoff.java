package dev.fivenines.base;

import io.github.resilience4j.core.IntervalFunction;

import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter. After the n-th consecutive failure the ceiling is
 * d = min(maxMillis, initialMillis * multiplier^(n-1)) (Resilience4j's
 * {@link IntervalFunction#ofExponentialBackoff(long, double, long)}), and the delay is drawn uniformly
 * from its top {@code jitter} fraction, [d - jitter * d, d):
 * <ul>
 *   <li>{@link #equalJitter} (0.5), in [d/2, d): the random half spreads the retries of many loops that
 *       failed together, the fixed half keeps a floor so a struggling dependency gets a real pause
 *       (the outbox relay and the consumers);</li>
 *   <li>{@link #fullJitter} (1.0), in [0, d) (AWS architecture blog): spreads client retries the most
 *       (the edge's retries to another instance);</li>
 *   <li>{@link #noJitter}, d itself: for a single sender, which has nobody to spread from.</li>
 * </ul>
 * Resilience4j's own randomized functions draw from {@code Math.random()} and spread around d, past it;
 * here each call is handed its uniform source, so a loop owns its generator and a test replays a seed.
 *
 * @param initialMillis ceiling after the first failure
 * @param maxMillis     no delay is ever longer than this
 * @param multiplier    growth of the ceiling per consecutive failure
 * @param jitter        the random fraction of the ceiling, in [0, 1]
 */
public record Backoff(long initialMillis, long maxMillis, double multiplier, double jitter) {
    public static final double EQUAL_JITTER = 0.5;
    public static final double FULL_JITTER = 1.0;
    /** A background loop's: 100 ms doubling to 5 s, equal jitter. */
    public static final Backoff DEFAULT = equalJitter(100, 5_000, 2.0);
    /** Past this many failures the ceiling stays that of this many: bounds the work of computing it. */
    static final int MAX_COUNTED_FAILURES = 65;

    public Backoff {
        Check.inRange("backoff.initialMillis", initialMillis, 1, 60_000);
        Check.inRange("backoff.maxMillis", maxMillis, initialMillis, 300_000);
        Check.inRange("backoff.multiplier", multiplier, 1.0, 10.0);
        Check.inRange("backoff.jitter", jitter, 0.0, 1.0);
    }

    public static Backoff equalJitter(long initialMillis, long maxMillis, double multiplier) {
        return new Backoff(initialMillis, maxMillis, multiplier, EQUAL_JITTER);
    }

    public static Backoff fullJitter(long initialMillis, long maxMillis, double multiplier) {
        return new Backoff(initialMillis, maxMillis, multiplier, FULL_JITTER);
    }

    public static Backoff noJitter(long initialMillis, long maxMillis, double multiplier) {
        return new Backoff(initialMillis, maxMillis, multiplier, 0.0);
    }

    /** The ceiling d after {@code failures} consecutive failures (1 = the first). */
    public long ceilingMillis(int failures) {
        Check.argument(failures >= 1, "failures must be >= 1, was %s", failures);
        return IntervalFunction.ofExponentialBackoff(initialMillis, multiplier, maxMillis)
                .apply(Math.min(failures, MAX_COUNTED_FAILURES));
    }

    /**
     * How long to wait after {@code failures} consecutive failures, in [d - jitter * d, d).
     *
     * @param uniform a draw in [0, 1) per call, e.g. {@code random::nextDouble}
     */
    public long delayMillis(int failures, DoubleSupplier uniform) {
        return jittered(ceilingMillis(failures), uniform);
    }

    /** {@link #delayMillis} in nanoseconds, the jitter drawn at nanosecond grain (a 5 ms ceiling has 5 ms of values). */
    public long delayNanos(int failures, DoubleSupplier uniform) {
        return jittered(TimeUnit.MILLISECONDS.toNanos(ceilingMillis(failures)), uniform);
    }

    private long jittered(long ceiling, DoubleSupplier uniform) {
        double u = uniform.getAsDouble();
        Check.argument(u >= 0 && u < 1, "a uniform draw must be in [0, 1), was %s", u);
        long floor = ceiling - (long) (ceiling * jitter);
        return floor + (long) (u * (ceiling - floor));
    }
}
