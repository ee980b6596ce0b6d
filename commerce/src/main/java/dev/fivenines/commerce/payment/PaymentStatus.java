package dev.fivenines.commerce.payment;

import dev.fivenines.base.state.Transitional;
import dev.fivenines.base.state.Transitions;

/**
 * A payment's life at our side: authorized, then captured (shipped) or voided (cancelled before
 * capture); a captured payment can be refunded. PENDING is the degraded start when the provider could
 * not answer at checkout: it becomes AUTHORIZED once the provider takes it, or VOIDED (nothing charged)
 * when it declines or the order is cancelled first.
 */
public enum PaymentStatus implements Transitional<PaymentStatus> {
    PENDING, AUTHORIZED, CAPTURED, VOIDED, REFUNDED;

    /** What giving the money back means from this state: void before capture, refund after. */
    public PaymentStatus undone() {
        return this == CAPTURED ? REFUNDED : VOIDED;
    }

    private static final Transitions<PaymentStatus> MOVES = Transitions.of(PaymentStatus.class, "payment")
            .allow(PENDING, AUTHORIZED, VOIDED)
            .allow(AUTHORIZED, CAPTURED, VOIDED)
            .allow(CAPTURED, REFUNDED)
            .terminal(VOIDED, REFUNDED);
}
