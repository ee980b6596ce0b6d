package dev.fivenines.traffic.client;

import dev.fivenines.traffic.Criticality;
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
            assertThat(throttle.shouldThrottle("client-1", Criticality.SHEDDABLE_PLUS)).isFalse();
            throttle.record("client-1", true);
        }
        assertThat(throttle.rejectProbability("client-1")).isZero();
    }

    @Test
    void givenTheBackendRefusesEverythingTheClientRejectsMostLocallyAndRecoversWhenTheWindowPasses() {
        SplittableRandom random = new SplittableRandom(2);
        AdaptiveThrottle throttle = new AdaptiveThrottle(2.0, 60_000_000_000L, clock::get, random::nextDouble);
        for (int i = 0; i < 100; i++) {
            throttle.record("client-1", true);
        }
        int sent = 0;
        for (int i = 0; i < 2_000; i++) {
            if (!throttle.shouldThrottle("client-1", Criticality.SHEDDABLE_PLUS)) {
                sent++;
                throttle.record("client-1", false);
            }
        }
        // once requests exceed 2x accepts, most new requests stay local
        assertThat(sent).isLessThan(1_000);
        assertThat(throttle.rejectProbability("client-1")).isGreaterThan(0.5);
        clock.addAndGet(61_000_000_000L);
        assertThat(throttle.rejectProbability("client-1")).isZero();
    }

    @Test
    void givenOneClientsRequestsAreRefused_thenOnlyThatClientIsThrottled_andNeverItsCheckoutWhileTheBackendAnswers() {
        // random 0: any probability above zero throttles, so the test is exact
        AdaptiveThrottle throttle = new AdaptiveThrottle(2.0, 60_000_000_000L, clock::get, () -> 0.0);
        for (int i = 0; i < 400; i++) {
            // a burst of bad searches the backend answers 503
            throttle.record("scraper", false);
        }
        throttle.record("buyer", true);

        assertThat(throttle.shouldThrottle("scraper", Criticality.SHEDDABLE_PLUS)).isTrue();
        assertThat(throttle.shouldThrottle("scraper", Criticality.CRITICAL_PLUS))
                .as("the backend accepted a request within the last bucket: it is answering").isFalse();
        assertThat(throttle.shouldThrottle("buyer", Criticality.SHEDDABLE_PLUS)).isFalse();
        assertThat(throttle.shouldThrottle("buyer", Criticality.CRITICAL)).isFalse();
        assertThat(throttle.shouldThrottle("newcomer", Criticality.SHEDDABLE_PLUS)).isFalse();
        assertThat(throttle.throttled()).isEqualTo(1);
    }

    @Test
    void givenTheBackendAcceptedNothingForABucket_thenCheckoutIsThrottledLikeTheRest_untilOneIsAcceptedAgain() {
        AdaptiveThrottle throttle = new AdaptiveThrottle(2.0, 60_000_000_000L, clock::get, () -> 0.0);
        throttle.record("buyer", true);
        for (int i = 0; i < 10; i++) {
            throttle.record("buyer", false);
        }
        assertThat(throttle.answering()).isTrue();
        assertThat(throttle.shouldThrottle("buyer", Criticality.CRITICAL_PLUS)).isFalse();

        clock.addAndGet(5_000_000_000L); // one bucket of the 60 s window without an accept
        throttle.record("buyer", false);

        assertThat(throttle.answering()).isFalse();
        assertThat(throttle.shouldThrottle("buyer", Criticality.CRITICAL_PLUS)).isTrue();
        throttle.record("buyer", true);
        assertThat(throttle.shouldThrottle("buyer", Criticality.CRITICAL_PLUS)).isFalse();
    }

    @Test
    void givenMoreClientsThanItKeeps_thenTheLeastRecentlySeenIsForgotten_andComesBackUnthrottled() {
        AdaptiveThrottle throttle = new AdaptiveThrottle(2.0, 60_000_000_000L, 2, clock::get, () -> 0.0);
        throttle.record("a", false);
        throttle.record("b", false);
        throttle.record("c", false);

        assertThat(throttle.trackedClients()).isEqualTo(2);
        assertThat(throttle.rejectProbability("a")).isZero();
        assertThat(throttle.rejectProbability("c")).isEqualTo(0.5);
    }
}
