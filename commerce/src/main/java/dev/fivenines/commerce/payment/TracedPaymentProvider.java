package dev.fivenines.commerce.payment;

import dev.fivenines.base.Money;
import dev.fivenines.telemetry.ClientSpans;
import io.opentelemetry.api.trace.Tracer;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * A CLIENT span around every call to the payment provider, so a checkout's trace shows the
 * provider's share of its latency (and its failures) whether the provider is remote or simulated.
 */
public final class TracedPaymentProvider implements PaymentProvider {
    private final PaymentProvider delegate;
    private final Tracer tracer;

    public TracedPaymentProvider(PaymentProvider delegate, Tracer tracer) {
        this.delegate = delegate;
        this.tracer = tracer;
    }

    @Override
    public PaymentResult authorize(UUID orderId, Money amount, String idempotencyKey, String payerEmail) {
        return traced("payment authorize", orderId, () -> delegate.authorize(orderId, amount, idempotencyKey, payerEmail));
    }

    @Override
    public void capture(UUID orderId) {
        traced("payment capture", orderId, () -> {
            delegate.capture(orderId);
            return null;
        });
    }

    @Override
    public void voidOrRefund(UUID orderId) {
        traced("payment void", orderId, () -> {
            delegate.voidOrRefund(orderId);
            return null;
        });
    }

    private <T> T traced(String name, UUID orderId, Supplier<T> call) {
        return ClientSpans.call(tracer, name, span -> span.setAttribute("fivenines.order_id", orderId.toString()), call,
                (span, result) -> {
                    if (result instanceof PaymentResult r) {
                        span.setAttribute("fivenines.payment_result", r.getClass().getSimpleName());
                    }
                });
    }
}
