package dev.fivenines.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxRelayIdleWaitTest {
    @Test
    void givenAnOutboxThatJustEmptied_thenTheRelayLooksAgainAfterTheShortPause() {
        assertThat(OutboxRelay.idleWaitMillis(1, 100, 1_000)).isEqualTo(100);
    }

    @Test
    void givenAnOutboxThatStaysEmpty_thenThePauseDoublesUpToTheLongest() {
        assertThat(OutboxRelay.idleWaitMillis(2, 100, 1_000)).isEqualTo(200);
        assertThat(OutboxRelay.idleWaitMillis(3, 100, 1_000)).isEqualTo(400);
        assertThat(OutboxRelay.idleWaitMillis(4, 100, 1_000)).isEqualTo(800);
        assertThat(OutboxRelay.idleWaitMillis(5, 100, 1_000)).isEqualTo(1_000);
        assertThat(OutboxRelay.idleWaitMillis(Integer.MAX_VALUE, 100, 1_000)).isEqualTo(1_000);
    }

    @Test
    void givenTheShortestAndLongestPauseEqual_thenThePauseIsFixedAsBefore() {
        assertThat(OutboxRelay.idleWaitMillis(7, 100, 100)).isEqualTo(100);
    }
}
