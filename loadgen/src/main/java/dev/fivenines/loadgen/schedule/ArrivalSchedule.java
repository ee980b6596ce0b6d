package dev.fivenines.loadgen.schedule;

import dev.fivenines.loadgen.scenario.Arrivals;

import java.util.random.RandomGenerator;

/**
 * When each session is meant to start. Arrival times come from the time-rescaling theorem: a unit
 * rate process (exponential gaps for Poisson, gaps of exactly 1 for uniform) is mapped through the
 * inverse of the rate curve's integral. That gives an exact non-homogeneous Poisson process for any
 * piecewise-linear curve, deterministic given the random generator's seed. Not thread-safe: one
 * scheduler thread owns it.
 */
public final class ArrivalSchedule {
    /** One planned session start: {@code offsetNanos} from the run's start, in phase {@code phaseIndex}. */
    public record Arrival(long sequence, long offsetNanos, int phaseIndex) {
    }

    private final RateCurve curve;
    private final Arrivals arrivals;
    private final RandomGenerator random;
    private final long maxArrivals;
    private double cumulative;
    private long issued;
    private boolean ended;

    /** @param maxArrivals stop after this many arrivals (0 = only the curve's end bounds the run) */
    public ArrivalSchedule(RateCurve curve, Arrivals arrivals, RandomGenerator random, long maxArrivals) {
        this.curve = curve;
        this.arrivals = arrivals;
        this.random = random;
        this.maxArrivals = maxArrivals;
    }

    /** The next arrival, or {@code null} once the curve has ended or the count bound is reached. */
    public Arrival next() {
        if (ended || (maxArrivals > 0 && issued >= maxArrivals)) {
            ended = true;
            return null;
        }
        cumulative += arrivals == Arrivals.POISSON ? exponential() : (issued == 0 ? 0.5 : 1.0);
        double seconds = curve.secondsWhenCumulative(cumulative);
        if (seconds < 0) {
            ended = true;
            return null;
        }
        long offset = Math.round(seconds * 1e9);
        return new Arrival(issued++, offset, curve.phaseAt(offset));
    }

    private double exponential() {
        // 1 - nextDouble() is in (0, 1]: log never sees 0.
        return -Math.log(1.0 - random.nextDouble());
    }
}
