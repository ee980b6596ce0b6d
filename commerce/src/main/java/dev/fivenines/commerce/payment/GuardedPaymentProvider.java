package dev.fivenines.commerce.payment;

import dev.fivenines.base.Check;
import dev.fivenines.base.Money;
import dev.fivenines.commerce.resilience.Breakers;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.opentelemetry.context.Context;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts a deadline and a circuit breaker around a {@link PaymentProvider}. Every failure reaches the
 * caller as {@link PaymentUnavailableException}: a call that does not answer within the deadline is
 * abandoned (its thread interrupted) and counted as a failure; while the breaker is open, calls fail
 * at once without touching the provider. A decline is an answer, so it never trips the breaker.
 */
public final class GuardedPaymentProvider implements PaymentProvider, AutoCloseable {
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);
    public static final Duration DEFAULT_OPEN_WAIT = Duration.ofSeconds(5);

    private final PaymentProvider delegate;
    private final long deadlineMillis;
    private final CircuitBreaker breaker;
    private final int retryAfterSeconds;
    // Context-wrapping: the call runs on another thread but stays in the caller's trace.
    private final ExecutorService calls = Context.taskWrapping(Executors.newVirtualThreadPerTaskExecutor());

    public GuardedPaymentProvider(PaymentProvider delegate, Duration deadline, CircuitBreaker breaker, Duration openWait) {
        this.delegate = delegate;
        this.deadlineMillis = Check.inRange("payments.deadlineMillis", deadline.toMillis(), 1, 60_000);
        this.breaker = breaker;
        this.retryAfterSeconds = (int) Math.max(1, openWait.toSeconds());
    }

    /**
     * The usual breaker: opens when half of the last 20 calls (at least 10) failed or missed the
     * deadline, stays open for {@code openWait}, then lets 3 trial calls through.
     */
    public static GuardedPaymentProvider create(PaymentProvider delegate, Duration deadline, Duration openWait, Clock clock) {
        return new GuardedPaymentProvider(delegate, deadline,
                CircuitBreaker.of("payments", Breakers.standard(openWait, clock).build()), openWait);
    }

    public static GuardedPaymentProvider create(PaymentProvider delegate, Clock clock) {
        return create(delegate, DEFAULT_DEADLINE, DEFAULT_OPEN_WAIT, clock);
    }

    @Override
    public PaymentResult authorize(UUID orderId, Money amount, String idempotencyKey, String payerEmail) {
        return guarded("authorize", orderId, () -> delegate.authorize(orderId, amount, idempotencyKey, payerEmail));
    }

    @Override
    public void capture(UUID orderId) {
        guarded("capture", orderId, () -> {
            delegate.capture(orderId);
            return null;
        });
    }

    @Override
    public void voidOrRefund(UUID orderId) {
        guarded("voidOrRefund", orderId, () -> {
            delegate.voidOrRefund(orderId);
            return null;
        });
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    private <T> T guarded(String what, UUID orderId, Callable<T> call) {
        try {
            return breaker.executeCallable(() -> withDeadline(what, orderId, call));
        } catch (CallNotPermittedException e) {
            throw new PaymentUnavailableException("payment provider breaker is open; " + what + " of order "
                    + orderId + " not attempted", retryAfterSeconds, false, e);
        } catch (PaymentUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new PaymentUnavailableException(what + " of order " + orderId + " failed: " + e, retryAfterSeconds, e);
        }
    }

    private <T> T withDeadline(String what, UUID orderId, Callable<T> call) {
        Future<T> future = calls.submit(call);
        try {
            return future.get(deadlineMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new PaymentUnavailableException("payment provider gave no answer to " + what + " of order "
                    + orderId + " within " + deadlineMillis + " ms", retryAfterSeconds, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PaymentUnavailableException unavailable) {
                throw unavailable;
            }
            throw new PaymentUnavailableException(what + " of order " + orderId + " failed at the provider: "
                    + e.getCause(), retryAfterSeconds, e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new PaymentUnavailableException(what + " of order " + orderId + " interrupted", retryAfterSeconds, e);
        }
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
