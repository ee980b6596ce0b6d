package dev.fivenines.loadgen.schedule;

import dev.fivenines.base.Check;
import dev.fivenines.loadgen.scenario.Phase;

import java.util.List;

/**
 * Arrival rate over the run, piecewise linear: one segment per phase. Knows its own integral
 * (the expected number of arrivals up to a time) and the inverse of it, which is how arrival times
 * are drawn (see {@link ArrivalSchedule}).
 */
public final class RateCurve {
    private final double[] startSeconds;
    private final double[] durationSeconds;
    private final double[] startRate;
    private final double[] endRate;
    /** Expected arrivals before each phase begins. */
    private final double[] cumulativeBefore;
    private final double totalSeconds;
    private final double totalArrivals;

    public RateCurve(List<Phase> phases) {
        Check.argument(!phases.isEmpty(), "a rate curve needs at least one phase");
        int n = phases.size();
        startSeconds = new double[n];
        durationSeconds = new double[n];
        startRate = new double[n];
        endRate = new double[n];
        cumulativeBefore = new double[n];
        double t = 0;
        double area = 0;
        for (int i = 0; i < n; i++) {
            Phase p = phases.get(i);
            Check.argument(p.startRatePerSecond() >= 0 && p.endRatePerSecond() >= 0, "rates must be >= 0 in phase %s", p.name());
            startSeconds[i] = t;
            durationSeconds[i] = p.durationMillis() / 1_000.0;
            startRate[i] = p.startRatePerSecond();
            endRate[i] = p.endRatePerSecond();
            cumulativeBefore[i] = area;
            t += durationSeconds[i];
            area += (startRate[i] + endRate[i]) / 2 * durationSeconds[i];
        }
        totalSeconds = t;
        totalArrivals = area;
    }

    public long totalNanos() {
        return Math.round(totalSeconds * 1e9);
    }

    /** Expected number of arrivals over the whole curve. */
    public double expectedArrivals() {
        return totalArrivals;
    }

    /** Sessions per second the curve asks for at {@code offsetNanos} from the start; 0 after the end. */
    public double rateAt(long offsetNanos) {
        double s = offsetNanos / 1e9;
        if (s < 0 || s >= totalSeconds) {
            return 0;
        }
        int i = phaseAtSeconds(s);
        double x = s - startSeconds[i];
        return startRate[i] + (endRate[i] - startRate[i]) * (durationSeconds[i] == 0 ? 0 : x / durationSeconds[i]);
    }

    public int phaseAt(long offsetNanos) {
        return phaseAtSeconds(Math.max(0, Math.min(offsetNanos / 1e9, Math.nextDown(totalSeconds))));
    }

    private int phaseAtSeconds(double s) {
        int i = startSeconds.length - 1;
        while (i > 0 && startSeconds[i] > s) {
            i--;
        }
        return i;
    }

    /**
     * The time (seconds from the start) by which {@code expected} arrivals are due, i.e. the inverse
     * of the integral of the rate; {@code -1} when the curve ends before that many.
     */
    public double secondsWhenCumulative(double expected) {
        if (expected < 0 || expected > totalArrivals) {
            return -1;
        }
        int i = cumulativeBefore.length - 1;
        while (i > 0 && cumulativeBefore[i] > expected) {
            i--;
        }
        // Phases with zero rate have no area: skip forward past them to the phase that holds the point.
        while (i < cumulativeBefore.length - 1 && phaseArea(i) == 0 && cumulativeBefore[i + 1] <= expected) {
            i++;
        }
        double rem = expected - cumulativeBefore[i];
        double d = durationSeconds[i];
        double r0 = startRate[i];
        double slopeHalf = d == 0 ? 0 : (endRate[i] - r0) / (2 * d);
        // Solve r0*x + slopeHalf*x^2 = rem for x in [0, d]; this form stays exact when slopeHalf -> 0.
        double disc = r0 * r0 + 4 * slopeHalf * rem;
        double root = Math.sqrt(Math.max(0, disc));
        double x = (r0 + root) == 0 ? 0 : 2 * rem / (r0 + root);
        return startSeconds[i] + Math.min(d, Math.max(0, x));
    }

    private double phaseArea(int i) {
        return (startRate[i] + endRate[i]) / 2 * durationSeconds[i];
    }
}
