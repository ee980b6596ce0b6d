package dev.fivenines.commerce.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Clock;
import java.time.Duration;

/** The one circuit-breaker shape the shop uses in front of its dependencies (payment, ledger, recommendations). */
public final class Breakers {
    private Breakers() {
    }

    /**
     * Opens when half of the last 20 calls (at least 10) failed, stays open for {@code openWait}
     * (answering at once), then lets 3 trial calls decide. Callers add what counts as a failure.
     */
    public static CircuitBreakerConfig.Builder standard(Duration openWait, Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openWait)
                .permittedNumberOfCallsInHalfOpenState(3)
                .clock(clock);
    }
}
