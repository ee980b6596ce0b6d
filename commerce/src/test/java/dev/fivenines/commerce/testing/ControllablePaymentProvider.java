package dev.fivenines.commerce.testing;

import dev.fivenines.base.Money;
import dev.fivenines.commerce.payment.PaymentProvider;
import dev.fivenines.commerce.payment.PaymentResult;
import dev.fivenines.commerce.payment.PaymentStatus;
import dev.fivenines.commerce.payment.PaymentUnavailableException;
import dev.fivenines.commerce.payment.SimulatedPaymentProvider;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** The simulated provider plus switches a test flips: down (throws) or hanging (never answers until released). */
public final class ControllablePaymentProvider implements PaymentProvider {
    public enum Mode { UP, DOWN, HANGING }

    private final SimulatedPaymentProvider simulated = new SimulatedPaymentProvider(0, 0, new SplittableRandom(7), millis -> { });
    private volatile Mode mode = Mode.UP;
    private final CountDownLatch release = new CountDownLatch(1);
    private final ConcurrentHashMap<UUID, AtomicInteger> captures = new ConcurrentHashMap<>();
    private final AtomicInteger voids = new AtomicInteger();

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** Lets hanging calls finish (call at the end of a test). */
    public void releaseHanging() {
        release.countDown();
    }

    private void gate(String what) {
        switch (mode) {
            case DOWN -> throw new PaymentUnavailableException("test provider is down (" + what + ")", 3, null);
            case HANGING -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PaymentUnavailableException("interrupted", null);
                }
            }
            case UP -> {
            }
        }
    }

    @Override
    public PaymentResult authorize(UUID orderId, Money amount, String idempotencyKey, String payerEmail) {
        gate("authorize");
        return simulated.authorize(orderId, amount, idempotencyKey, payerEmail);
    }

    @Override
    public void capture(UUID orderId) {
        gate("capture");
        captures.computeIfAbsent(orderId, id -> new AtomicInteger()).incrementAndGet();
        simulated.capture(orderId);
    }

    @Override
    public void voidOrRefund(UUID orderId) {
        gate("voidOrRefund");
        voids.incrementAndGet();
        simulated.voidOrRefund(orderId);
    }

    public int captureCalls(UUID orderId) {
        AtomicInteger n = captures.get(orderId);
        return n == null ? 0 : n.get();
    }

    public int voidCalls() {
        return voids.get();
    }

    public Optional<PaymentStatus> status(UUID orderId) {
        return simulated.status(orderId);
    }
}
