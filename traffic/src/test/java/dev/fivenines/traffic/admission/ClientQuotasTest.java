package dev.fivenines.traffic.admission;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ClientQuotasTest {
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);

    @Test
    void givenABurstOfThreeTheFourthRequestIsToldWhenToComeBack() {
        ClientQuotas quotas = new ClientQuotas(0.5, 3, 100, clock::get);
        assertThat(quotas.tryTake("a")).isZero();
        assertThat(quotas.tryTake("a")).isZero();
        assertThat(quotas.tryTake("a")).isZero();
        assertThat(quotas.tryTake("a")).isEqualTo(2);
        assertThat(quotas.tryTake("b")).as("another client has its own bucket").isZero();
    }

    @Test
    void givenTimePassesTheBucketRefillsAtTheConfiguredRate() {
        ClientQuotas quotas = new ClientQuotas(10, 1, 100, clock::get);
        assertThat(quotas.tryTake("a")).isZero();
        assertThat(quotas.tryTake("a")).isEqualTo(1);
        clock.addAndGet(100_000_000L);
        assertThat(quotas.tryTake("a")).isZero();
    }

    @Test
    void givenMoreClientsThanTheBoundTheLeastRecentlySeenIsForgotten() {
        ClientQuotas quotas = new ClientQuotas(1, 1, 2, clock::get);
        quotas.tryTake("a");
        quotas.tryTake("b");
        quotas.tryTake("c");
        assertThat(quotas.trackedClients()).isEqualTo(2);
        assertThat(quotas.tryTake("a")).as("a was forgotten and starts with a full bucket").isZero();
        assertThat(quotas.tryTake("c")).isEqualTo(1);
    }
}
