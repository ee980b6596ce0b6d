package dev.fivenines.node.supervisor;

import dev.fivenines.db.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestartBackoffTest {
    private final MutableClock clock = MutableClock.at("2026-12-07T10:00:00Z");
    private final RestartBackoff backoff = new RestartBackoff(RestartBackoff.Policy.DEFAULT, clock);

    @Test
    void givenAProcessThatKeepsExitingAtOnce_thenEachWaitDoublesFromOneSecondUpToFiveMinutes() {
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            backoff.started();
            clock.advance(Duration.ofSeconds(3));
            waits.add(backoff.exited());
        }
        assertThat(waits).extracting(Duration::toSeconds)
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L, 300L);
        assertThat(backoff.attempt()).isEqualTo(12);
    }

    @Test
    void givenAProcessThatRanTenMinutesSinceItsLastStart_thenItsNextExitStartsOverAtOneSecond() {
        for (int i = 0; i < 5; i++) {
            backoff.started();
            backoff.exited();
        }
        backoff.started();
        clock.advance(RestartBackoff.STABLE_AFTER);

        assertThat(backoff.exited()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.attempt()).isEqualTo(1);
    }

    @Test
    void givenAProcessThatRanJustUnderTheStablePeriod_thenTheBackOffKeepsGrowing() {
        backoff.started();
        backoff.exited();
        backoff.started();
        clock.advance(RestartBackoff.STABLE_AFTER.minusMillis(1));

        assertThat(backoff.exited()).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.attempt()).isEqualTo(2);
    }

    @Test
    void givenStartsThatFailWithoutEverRunning_thenEachFailureCountsAsAnAttempt() {
        backoff.started();
        backoff.exited();
        // the restart itself failed: exited() again without started()
        clock.advance(RestartBackoff.STABLE_AFTER.multipliedBy(2));
        assertThat(backoff.exited()).as("no run, so nothing was stable").isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.uptime()).isZero();
    }

    @Test
    void uptimeIsTheTimeSinceTheLastStart() {
        backoff.started();
        clock.advance(Duration.ofSeconds(42));
        assertThat(backoff.uptime()).isEqualTo(Duration.ofSeconds(42));
    }

    @Test
    void aVeryLongCrashLoopStaysAtTheCapWithoutOverflowing() {
        assertThat(RestartBackoff.Policy.DEFAULT.delay(Integer.MAX_VALUE)).isEqualTo(RestartBackoff.MAX_DELAY);
        assertThat(new RestartBackoff.Policy(Duration.ofMillis(300), Duration.ofMillis(1000), Duration.ofMinutes(1)).delay(3))
                .as("a cap that is no power-of-two multiple").isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void aPolicyOutOfRangeIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new RestartBackoff.Policy(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(10)))
                .hasMessageContaining("initialDelay must be > 0");
        assertThatThrownBy(() -> new RestartBackoff.Policy(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMinutes(10)))
                .hasMessageContaining("maxDelay must be >= initialDelay");
        assertThatThrownBy(() -> new RestartBackoff.Policy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ZERO))
                .hasMessageContaining("stableAfter must be > 0");
        assertThatThrownBy(() -> RestartBackoff.Policy.DEFAULT.delay(0)).hasMessageContaining("attempt must be >= 1");
    }
}
