package dev.fivenines.commerce.payment;

import dev.fivenines.base.Check;
import dev.fivenines.base.Money;

import java.util.Map;
import java.util.Optional;

/**
 * The risk limit of "payment pending" orders (issue 5): when the provider cannot answer, checkout
 * may still place an order without an authorization, betting that the provider returns and
 * authorizes it, as long as this bet stays small. Limits: at most {@code maxPendingOrders} PENDING
 * payments in total, at most {@code maxPendingMinor} of money per currency, and no single order above
 * {@code maxOrderMinor} for its currency. A currency with no entry admits nothing pending.
 * {@link #DISABLED} admits nothing: the provider being down is then a 503, as before.
 */
public record PendingPaymentPolicy(int maxPendingOrders, Map<String, Long> maxPendingMinor, Map<String, Long> maxOrderMinor) {
    public static final int MAX_PENDING_ORDERS = 1_000_000;
    public static final PendingPaymentPolicy DISABLED = new PendingPaymentPolicy(0, Map.of(), Map.of());

    public PendingPaymentPolicy {
        Check.inRange("payments.pending.maxPendingOrders", maxPendingOrders, 0, MAX_PENDING_ORDERS);
        maxPendingMinor = Map.copyOf(maxPendingMinor);
        maxOrderMinor = Map.copyOf(maxOrderMinor);
        maxPendingMinor.forEach((currency, max) -> checkAmount("payments.pending.maxPendingAmount." + currency, currency, max));
        maxOrderMinor.forEach((currency, max) -> checkAmount("payments.pending.maxOrderAmount." + currency, currency, max));
    }

    /** One currency's limits, e.g. {@code of(100, new Money(5000_00, "EUR"), new Money(500_00, "EUR"))}. */
    public static PendingPaymentPolicy of(int maxPendingOrders, Money maxPendingAmount, Money maxOrderAmount) {
        Check.argument(maxPendingAmount.currency().equals(maxOrderAmount.currency()),
                "payments.pending amounts must share a currency, were %s and %s", maxPendingAmount, maxOrderAmount);
        return new PendingPaymentPolicy(maxPendingOrders, Map.of(maxPendingAmount.currency(), maxPendingAmount.minorUnits()),
                Map.of(maxOrderAmount.currency(), maxOrderAmount.minorUnits()));
    }

    private static void checkAmount(String name, String currency, Long max) {
        Check.argument(currency != null && currency.length() == 3, "%s: currency must be 3 letters", name);
        Check.argument(max != null && max >= 0, "%s must be >= 0 minor units, was %s", name, max);
    }

    /** Why {@code order} may not be placed with a pending payment given {@code current}; empty if it may. */
    public Optional<String> refusal(Money order, PendingExposure current) {
        long maxOrder = maxOrderMinor.getOrDefault(order.currency(), 0L);
        if (order.minorUnits() > maxOrder) {
            return Optional.of("order total " + order + " is above the pending-payment limit per order (" + maxOrder
                    + " minor units of " + order.currency() + ")");
        }
        if (current.orders() + 1 > maxPendingOrders) {
            return Optional.of(current.orders() + " orders already await payment (limit " + maxPendingOrders + ")");
        }
        long pending = current.amountMinor(order.currency());
        long maxPending = maxPendingMinor.getOrDefault(order.currency(), 0L);
        if (Math.addExact(pending, order.minorUnits()) > maxPending) {
            return Optional.of(pending + " minor units of " + order.currency() + " already await payment; "
                    + order + " more would pass the limit of " + maxPending);
        }
        return Optional.empty();
    }

    public boolean enabled() {
        return maxPendingOrders > 0;
    }
}
