package dev.fivenines.inventory.raft;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The staleness bound of one bounded read on a replica: the replica's freshness when the read
 * arrived ({@link ReplicaView#freshWithinMillis}) plus however long the read then waited for the
 * state machine to apply the commit index it knew. Time comes from an injected nanosecond clock.
 */
final class StalenessBound {
    /** Sentinel for "cannot say": an unknown bound is larger than every bound a caller may ask for. */
    static final long UNKNOWN = Long.MAX_VALUE;

    private final long observedAtNanos;
    private final OptionalLong atObservationMillis;
    private final LongSupplier nanoClock;

    private StalenessBound(ReplicaView view, LongSupplier nanoClock, long observedAtNanos) {
        this.nanoClock = nanoClock;
        this.observedAtNanos = observedAtNanos;
        this.atObservationMillis = view.freshWithinMillis();
    }

    /** Starts timing; {@code observedAtNanos} was read from {@code nanoClock} before {@code view} was. */
    static StalenessBound start(ReplicaView view, LongSupplier nanoClock, long observedAtNanos) {
        return new StalenessBound(view, nanoClock, observedAtNanos);
    }

    boolean known() {
        return atObservationMillis.isPresent();
    }

    /** The bound now, rounded up to the millisecond; {@link #UNKNOWN} if the replica could not say. */
    long nowMillis() {
        if (atObservationMillis.isEmpty()) {
            return UNKNOWN;
        }
        long waitedNanos = Math.max(0, nanoClock.getAsLong() - observedAtNanos);
        long waitedMillis = (waitedNanos + TimeUnit.MILLISECONDS.toNanos(1) - 1) / TimeUnit.MILLISECONDS.toNanos(1);
        return atObservationMillis.getAsLong() + waitedMillis;
    }

    /** How much longer the read may wait for the apply and still meet {@code maxStalenessMillis}; <= 0: not at all. */
    long waitBudgetMillis(long maxStalenessMillis) {
        long now = nowMillis();
        return now == UNKNOWN ? 0 : maxStalenessMillis - now;
    }
}
