package dev.fivenines.traffic.admission;

import dev.fivenines.traffic.admission.AdmissionController.Waiter;

import java.util.ArrayList;
import java.util.List;

/**
 * The waiters of one criticality class, ranked by {@link Ticket#compareRank} (sessions under way,
 * then value). Bounded by the caller ({@link AdmissionController} checks the capacity before
 * adding). Not thread-safe: used under the controller's lock.
 */
final class ClassQueue {
    private final List<Waiter> waiters = new ArrayList<>();

    boolean isEmpty() {
        return waiters.isEmpty();
    }

    int size() {
        return waiters.size();
    }

    void add(Waiter waiter) {
        waiters.add(waiter);
    }

    void remove(Waiter waiter) {
        waiters.remove(waiter);
    }

    /** The highest-ranked waiter; among equals the newest when {@code newestFirst}, else the oldest. */
    Waiter best(boolean newestFirst) {
        Waiter best = waiters.get(0);
        for (int i = 1; i < waiters.size(); i++) {
            Waiter w = waiters.get(i);
            int rank = w.ticket().compareRank(best.ticket());
            if (rank > 0 || (rank == 0 && newestFirst)) {
                best = w;
            }
        }
        return best;
    }

    /** The lowest-ranked waiter, the oldest among equals. */
    Waiter worst() {
        Waiter worst = waiters.get(0);
        for (Waiter w : waiters) {
            if (w.ticket().compareRank(worst.ticket()) < 0) {
                worst = w;
            }
        }
        return worst;
    }

    /**
     * Removes and returns the waiters that waited longer than allowed: {@code maxWaitNanos}, or
     * {@code underWayMaxWaitNanos} for a session under way (it is served before any new session, so
     * it stands behind no one; dropping it early would waste the session).
     */
    List<Waiter> removeExpired(long now, long maxWaitNanos, long underWayMaxWaitNanos) {
        List<Waiter> expired = new ArrayList<>();
        for (int i = waiters.size() - 1; i >= 0; i--) {
            Waiter w = waiters.get(i);
            long allowed = w.ticket().sessionUnderWay() ? underWayMaxWaitNanos : maxWaitNanos;
            if (now - w.enqueuedNanos() > allowed) {
                waiters.remove(i);
                expired.add(w);
            }
        }
        return expired;
    }
}
