package dev.fivenines.commerce.payment;

import dev.fivenines.base.Money;
import dev.fivenines.db.testing.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentProvidersTest {
    private static final Money TEN = Money.of("10.00", "USD");
    private final MutableClock clock = MutableClock.at("2026-01-01T10:00:00Z");

    private static SimulatedPaymentProvider simulated(double failureRate, long seed) {
        return new SimulatedPaymentProvider(0, failureRate, new SplittableRandom(seed), millis -> { });
    }

    @Test
    void givenTheSimulatedProvider_whenTheSameOrderIsAuthorizedTwice_thenTheSameAuthorizationComesBack() {
        var provider = simulated(0, 1);
        UUID order = UUID.randomUUID();
        var first = provider.authorize(order, TEN, "k1", "ann@example.com");
        var again = provider.authorize(order, TEN, "k1", "ann@example.com");
        assertThat(first).isInstanceOf(PaymentResult.Authorized.class).isEqualTo(again);
        assertThat(provider.status(order)).contains(PaymentStatus.AUTHORIZED);
    }

    @Test
    void givenAPayerAtTheDeclineDomain_whenAuthorized_thenDeclinedWithAReason() {
        var result = simulated(0, 1).authorize(UUID.randomUUID(), TEN, "k", "Bob@Decline.Test");
        assertThat(result).isInstanceOfSatisfying(PaymentResult.Declined.class,
                d -> assertThat(d.reason()).contains("@decline.test"));
    }

    @Test
    void givenAnAuthorization_whenCapturedTwiceThenRefunded_thenTheStatusMovesOnceEachStep() {
        var provider = simulated(0, 1);
        UUID order = UUID.randomUUID();
        provider.authorize(order, TEN, "k", "ann@example.com");
        provider.capture(order);
        provider.capture(order);
        assertThat(provider.status(order)).contains(PaymentStatus.CAPTURED);
        provider.voidOrRefund(order);
        provider.voidOrRefund(order);
        assertThat(provider.status(order)).contains(PaymentStatus.REFUNDED);
    }

    @Test
    void givenAFailureRate_whenCalledWithTheSameSeed_thenTheSameCallsFailAndRoughlyThatShareFails() {
        List<Boolean> first = outcomes(simulated(0.3, 42));
        List<Boolean> second = outcomes(simulated(0.3, 42));
        assertThat(first).isEqualTo(second);
        long failures = first.stream().filter(failed -> failed).count();
        assertThat(failures).isBetween(200L, 400L);
    }

    private static List<Boolean> outcomes(SimulatedPaymentProvider provider) {
        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            try {
                provider.authorize(new UUID(0, i), TEN, "k" + i, "ann@example.com");
                failed.add(false);
            } catch (PaymentUnavailableException e) {
                failed.add(true);
            }
        }
        return failed;
    }

    @Test
    void givenAProviderThatNeverAnswers_whenAuthorizing_thenTheDeadlineTurnsItInto503Material() {
        CountDownLatch never = new CountDownLatch(1);
        PaymentProvider hanging = new FakeProvider() {
            @Override
            public PaymentResult authorize(UUID orderId, Money amount, String key, String email) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new PaymentResult.Authorized("late");
            }
        };
        try (var guarded = GuardedPaymentProvider.create(hanging, Duration.ofMillis(50), Duration.ofSeconds(5), clock)) {
            assertThatThrownBy(() -> guarded.authorize(UUID.randomUUID(), TEN, "k", "ann@example.com"))
                    .isInstanceOf(PaymentUnavailableException.class)
                    .hasMessageContaining("within 50 ms");
        } finally {
            never.countDown();
        }
    }

    @Test
    void givenAFailingProvider_whenCalledRepeatedly_thenTheBreakerOpensAndStopsCallingItUntilTheWaitHasPassed() {
        AtomicBoolean healthy = new AtomicBoolean(false);
        AtomicInteger calls = new AtomicInteger();
        PaymentProvider flaky = new FakeProvider() {
            @Override
            public PaymentResult authorize(UUID orderId, Money amount, String key, String email) {
                calls.incrementAndGet();
                if (!healthy.get()) {
                    throw new PaymentUnavailableException("down", null);
                }
                return new PaymentResult.Authorized("a-" + orderId);
            }
        };
        try (var guarded = GuardedPaymentProvider.create(flaky, Duration.ofSeconds(5), Duration.ofSeconds(5), clock)) {
            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(() -> guarded.authorize(UUID.randomUUID(), TEN, "k", "a@b.c")).isInstanceOf(PaymentUnavailableException.class);
            }
            assertThat(guarded.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);

            assertThatThrownBy(() -> guarded.authorize(UUID.randomUUID(), TEN, "k", "a@b.c"))
                    .isInstanceOfSatisfying(PaymentUnavailableException.class, e -> {
                        assertThat(e.getMessage()).contains("breaker is open");
                        assertThat(e.mayHaveReachedProvider()).isFalse();
                        assertThat(e.retryAfterSeconds()).isEqualTo(5);
                    });
            assertThat(calls.get()).isEqualTo(10);

            healthy.set(true);
            clock.advance(Duration.ofSeconds(6));
            assertThat(guarded.authorize(UUID.randomUUID(), TEN, "k", "a@b.c")).isInstanceOf(PaymentResult.Authorized.class);
            assertThat(calls.get()).isEqualTo(11);
        }
    }

    @Test
    void givenManyDeclines_whenCalled_thenTheBreakerStaysClosed() {
        try (var guarded = GuardedPaymentProvider.create(simulated(0, 1), clock)) {
            for (int i = 0; i < 30; i++) {
                assertThat(guarded.authorize(UUID.randomUUID(), TEN, "k", "x@decline.test")).isInstanceOf(PaymentResult.Declined.class);
            }
            assertThat(guarded.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    /** Answers everything; tests override what they need. */
    abstract static class FakeProvider implements PaymentProvider {
        @Override
        public void capture(UUID orderId) {
        }

        @Override
        public void voidOrRefund(UUID orderId) {
        }
    }
}
