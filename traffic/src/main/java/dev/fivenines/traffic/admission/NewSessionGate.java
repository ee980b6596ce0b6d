package dev.fivenines.traffic.admission;

import dev.fivenines.base.Check;

import java.util.Arrays;

/**
 * Session-based admission control: keeps room in each class for the sessions already under way.
 *
 * <p>Ranking alone does not do it. Requests of sessions under way go first when requests wait, but
 * a new session's page admitted at a moment when nothing waited still holds its slot for its whole
 * service time; when the class is short of slots (the {@link LatencyGuard} squeezing browsing at
 * 10x capacity), the next page of a session half-way to its cart then waits past its deadline and
 * the session is lost, having cost a page for nothing.
 *
 * <p>So, per class, new sessions may fill only {@code factor} of the class's cap. Whenever a request
 * of a session under way is shed for load, the factor is multiplied by {@code decrease} (at most once
 * per interval); after an interval with no such shed it grows by {@code increase} per interval back
 * to 1 (AIMD). New sessions are let in at the rate the sessions inside leave room for, and at full
 * rate again once none of those is shed. Without session ids nothing is ever under way and the
 * factor stays 1.
 *
 * <p>Not thread-safe: the {@link AdmissionController} calls it under its lock, with its clock.
 */
final class NewSessionGate {
    static final double DECREASE = 0.8;
    static final double INCREASE = 0.05;
    static final double MIN_FACTOR = 0.05;

    private final long intervalNanos;
    private final double[] factor;
    private final long[] lastDecreaseNanos;
    private final long[] lastRaiseNanos;

    NewSessionGate(int classes, long intervalNanos, long nowNanos) {
        Check.argument(intervalNanos > 0, "intervalNanos must be positive, was %s", intervalNanos);
        this.intervalNanos = intervalNanos;
        this.factor = new double[classes];
        Arrays.fill(factor, 1.0);
        this.lastDecreaseNanos = new long[classes];
        this.lastRaiseNanos = new long[classes];
        Arrays.fill(lastDecreaseNanos, nowNanos - intervalNanos);
        Arrays.fill(lastRaiseNanos, nowNanos);
    }

    /** A request of a session under way, of class {@code ordinal}, was shed because of load. */
    void underWayShed(int ordinal, long nowNanos) {
        // Recovery counts whole intervals from the last such shed.
        lastRaiseNanos[ordinal] = nowNanos;
        if (nowNanos - lastDecreaseNanos[ordinal] >= intervalNanos) {
            lastDecreaseNanos[ordinal] = nowNanos;
            factor[ordinal] = Math.max(MIN_FACTOR, factor[ordinal] * DECREASE);
        }
    }

    /** What new sessions may fill of class {@code ordinal}'s cap now, in [MIN_FACTOR, 1]. */
    double factor(int ordinal, long nowNanos) {
        double f = factor[ordinal];
        long steps = (nowNanos - lastRaiseNanos[ordinal]) / intervalNanos;
        if (f < 1.0 && steps > 0) {
            lastRaiseNanos[ordinal] += steps * intervalNanos;
            f = f + INCREASE * steps;
            // Whole steps of a decimal increase do not sum to exactly 1.0.
            factor[ordinal] = f = f > 1.0 - 1e-9 ? 1.0 : f;
        }
        return f;
    }
}
