package dev.fivenines.base.state;

/**
 * Something was asked to move along an edge its state machine does not have: a bug in the caller,
 * never a client error. Names what moved and both states.
 */
public class IllegalTransitionException extends IllegalStateException {
    private final String subject;
    private final Enum<?> from;
    private final Enum<?> to;

    public IllegalTransitionException(String subject, Enum<?> from, Enum<?> to) {
        super(subject + ": illegal transition " + from + " -> " + to);
        this.subject = subject;
        this.from = from;
        this.to = to;
    }

    /** What moved ("order o-123", "outbox relay shop-1"). */
    public String subject() {
        return subject;
    }

    public Enum<?> from() {
        return from;
    }

    public Enum<?> to() {
        return to;
    }
}
