package dev.fivenines.traffic.client;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ClientSideTest {
    private final AtomicLong clock = new AtomicLong(0);

    @Test
    void givenAThousandRequestsWithFailingBackendsRetriesStayNearTenPercent() {
        RetryBudget budget = new RetryBudget(0.1, 0, clock::get);
        int retries = 0;
        for (int i = 0; i < 1_000; i++) {
            budget.onRequest();
            // every request fails and wants to retry twice
            for (int r = 0; r < 2; r++) {
                if (budget.tryRetry()) {
                    retries++;
                }
            }
        }
        assertThat(retries).isBetween(95, 100);
        assertThat(budget.refused()).isEqualTo(2_000 - retries);
    }

    @Test
    void givenAQuietClientTheFloorStillAllowsAnOccasionalRetryButCannotBankAStorm() {
        RetryBudget budget = new RetryBudget(0.1, 1, clock::get);
        clock.addAndGet(3_600_000_000_000L);
        int retries = 0;
        while (budget.tryRetry()) {
            retries++;
        }
        assertThat(retries).isEqualTo(10);
    }

    @Test
    void givenAHealthyBackendTheThrottleNeverRejects() {
        SplittableRandom random = new SplittableRandom(1);
        AdaptiveThrottle throttle = new AdaptiveThrottle(2.0, 60_000_000_000L, clock::get, random::nextDouble);
        for (int i = 0; i < 1_000; i++) {
            assertThat(throttle.shouldThrottle()).isFalse();
            throttle.record(true);
        }
        assertThat(throttle.rejectProbability()).isZero();
    }

    @Test
    void givenTheBackendRefusesEverythingTheClientRejectsMostLocallyAndRecoversWhenTheWindowPasses() {
        SplittableRandom random = new SplittableRandom(2);
        AdaptiveThrottle throttle = new AdaptiveThrottle(2.0, 60_000_000_000L, clock::get, random::nextDouble);
        for (int i = 0; i < 100; i++) {
            throttle.record(true);
        }
        int sent = 0;
        for (int i = 0; i < 2_000; i++) {
            if (!throttle.shouldThrottle()) {
                sent++;
                throttle.record(false);
            }
        }
        // once requests exceed 2x accepts, most new requests stay local
        assertThat(sent).isLessThan(1_000);
        assertThat(throttle.rejectProbability()).isGreaterThan(0.5);
        clock.addAndGet(61_000_000_000L);
        assertThat(throttle.rejectProbability()).isZero();
    }
}
