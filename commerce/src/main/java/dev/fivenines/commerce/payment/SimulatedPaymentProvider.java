package dev.fivenines.commerce.payment;

import dev.fivenines.base.Check;
import dev.fivenines.base.Money;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * A payment provider for local runs and tests: answers after {@code latencyMillis}, fails a seeded
 * fraction of calls, and declines any payer whose address ends in {@value #DECLINE_SUFFIX} so a
 * user can see a 402. Idempotent per order id like a real provider (same order, same
 * authorization id). Remembers at most {@value #MAX_ORDERS} orders, oldest forgotten first.
 */
public final class SimulatedPaymentProvider implements PaymentProvider {
    private static final Logger LOG = Logger.getLogger(SimulatedPaymentProvider.class.getName());
    public static final String DECLINE_SUFFIX = "@decline.test";
    public static final int MAX_ORDERS = 100_000;
    public static final long MAX_LATENCY_MILLIS = 60_000;

    /** How the provider waits; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final long latencyMillis;
    private final double failureRate;
    private final RandomGenerator random;
    private final Sleeper sleeper;
    private final Map<UUID, PaymentStatus> payments = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, PaymentStatus> eldest) {
            return size() > MAX_ORDERS;
        }
    };
    private long calls;

    public SimulatedPaymentProvider(long latencyMillis, double failureRate, RandomGenerator random, Sleeper sleeper) {
        this.latencyMillis = Check.inRange("payments.simulated.latencyMillis", latencyMillis, 0, MAX_LATENCY_MILLIS);
        this.failureRate = Check.inRange("payments.simulated.failureRate", failureRate, 0.0, 1.0);
        this.random = random;
        this.sleeper = sleeper;
    }

    /** The usual set-up: real waiting, randomness from {@code seed}. */
    public static SimulatedPaymentProvider create(long latencyMillis, double failureRate, long seed) {
        return new SimulatedPaymentProvider(latencyMillis, failureRate, new java.util.SplittableRandom(seed), Thread::sleep);
    }

    @Override
    public PaymentResult authorize(UUID orderId, Money amount, String idempotencyKey, String payerEmail) {
        call("authorize", orderId);
        if (payerEmail != null && payerEmail.toLowerCase(Locale.ROOT).endsWith(DECLINE_SUFFIX)) {
            return new PaymentResult.Declined("card declined (simulated: payer address ends with " + DECLINE_SUFFIX + ")");
        }
        if (amount.isNegative()) {
            return new PaymentResult.Declined("amount must not be negative, was " + amount);
        }
        synchronized (payments) {
            payments.putIfAbsent(orderId, PaymentStatus.AUTHORIZED);
        }
        return new PaymentResult.Authorized(authorizationId(orderId));
    }

    @Override
    public void capture(UUID orderId) {
        call("capture", orderId);
        synchronized (payments) {
            PaymentStatus status = payments.get(orderId);
            if (status == null) {
                // Forgotten (restart or evicted): a real provider would still know it; accept.
                LOG.warning("simulated provider does not remember order " + orderId + "; treating capture as done");
                payments.put(orderId, PaymentStatus.CAPTURED);
            } else if (status == PaymentStatus.AUTHORIZED) {
                payments.put(orderId, PaymentStatus.CAPTURED);
            } else if (status != PaymentStatus.CAPTURED) {
                throw new IllegalStateException("cannot capture order " + orderId + ": its payment is " + status);
            }
        }
    }

    @Override
    public void voidOrRefund(UUID orderId) {
        call("voidOrRefund", orderId);
        synchronized (payments) {
            PaymentStatus status = payments.get(orderId);
            if (status == PaymentStatus.AUTHORIZED || status == PaymentStatus.CAPTURED) {
                payments.put(orderId, status.moveTo(status.undone()));
            }
        }
    }

    /** What the provider believes about an order's money (empty if it never saw it). */
    public Optional<PaymentStatus> status(UUID orderId) {
        synchronized (payments) {
            return Optional.ofNullable(payments.get(orderId));
        }
    }

    public static String authorizationId(UUID orderId) {
        return "sim-auth-" + orderId;
    }

    private void call(String what, UUID orderId) {
        boolean fail;
        synchronized (this) {
            calls++;
            fail = failureRate > 0 && random.nextDouble() < failureRate;
        }
        if (latencyMillis > 0) {
            try {
                sleeper.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PaymentUnavailableException("simulated " + what + " of order " + orderId + " interrupted", e);
            }
        }
        if (fail) {
            throw new PaymentUnavailableException("simulated provider failure on " + what + " of order " + orderId, null);
        }
    }

    public synchronized long calls() {
        return calls;
    }
}
