package dev.fivenines.commerce.payment;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A payment's life at our side: authorized, then captured (shipped) or voided (cancelled before
 * capture); a captured payment can be refunded. PENDING is the degraded start when the provider could
 * not answer at checkout: it becomes AUTHORIZED once the provider takes it, or VOIDED (nothing charged)
 * when it declines or the order is cancelled first.
 */
public enum PaymentStatus {
    PENDING, AUTHORIZED, CAPTURED, VOIDED, REFUNDED;

    private static final Map<PaymentStatus, Set<PaymentStatus>> NEXT = Map.of(
            PENDING, EnumSet.of(AUTHORIZED, VOIDED),
            AUTHORIZED, EnumSet.of(CAPTURED, VOIDED),
            CAPTURED, EnumSet.of(REFUNDED),
            VOIDED, EnumSet.noneOf(PaymentStatus.class),
            REFUNDED, EnumSet.noneOf(PaymentStatus.class));

    public boolean canMoveTo(PaymentStatus next) {
        return NEXT.get(this).contains(next);
    }

    public PaymentStatus moveTo(PaymentStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("a payment cannot move from " + this + " to " + next);
        }
        return next;
    }

    /** What giving the money back means from this state: void before capture, refund after. */
    public PaymentStatus undone() {
        return this == CAPTURED ? REFUNDED : VOIDED;
    }
}
