package dev.fivenines.traffic.admission;

import dev.fivenines.traffic.Criticality;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A slot held by one admitted request. Protocol: call {@link #release(Outcome)} exactly once, when
 * the work is done (a second call is a bug and throws, because a double release would let the
 * node exceed its limit).
 */
public final class Permit {
    private final AdmissionController owner;
    private final Ticket ticket;
    private final long startNanos;
    private final int inflightAtStart;
    private final long queuedNanos;
    private final boolean bulkheadCall;
    private final AtomicBoolean released = new AtomicBoolean();

    Permit(AdmissionController owner, Ticket ticket, long startNanos, int inflightAtStart, long queuedNanos,
           boolean bulkheadCall) {
        this.bulkheadCall = bulkheadCall;
        this.owner = owner;
        this.ticket = ticket;
        this.startNanos = startNanos;
        this.inflightAtStart = inflightAtStart;
        this.queuedNanos = queuedNanos;
    }

    public void release(Outcome outcome) {
        if (!released.compareAndSet(false, true)) {
            throw new IllegalStateException("permit for " + ticket.criticality() + " " + ticket.label() + " released twice");
        }
        owner.release(this, outcome);
    }

    public Criticality criticality() {
        return ticket.criticality();
    }

    public Ticket ticket() {
        return ticket;
    }

    public long startNanos() {
        return startNanos;
    }

    int inflightAtStart() {
        return inflightAtStart;
    }

    /** True when the permit holds a call of the fixed bulkhead, which release gives back. */
    boolean holdsBulkheadCall() {
        return bulkheadCall;
    }

    /** How long the request waited in the queue before it was admitted. */
    public long queuedNanos() {
        return queuedNanos;
    }
}
