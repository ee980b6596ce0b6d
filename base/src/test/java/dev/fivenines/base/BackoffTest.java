package dev.fivenines.base;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    private final Backoff equal = Backoff.equalJitter(100, 2_000, 2.0);

    @Test
    void given_consecutive_failures_then_the_ceiling_doubles_until_the_maximum() {
        assertThat(equal.ceilingMillis(1)).isEqualTo(100);
        assertThat(equal.ceilingMillis(2)).isEqualTo(200);
        assertThat(equal.ceilingMillis(5)).isEqualTo(1_600);
        assertThat(equal.ceilingMillis(6)).isEqualTo(2_000);
        assertThat(equal.ceilingMillis(1_000)).isEqualTo(2_000);
        assertThat(equal.ceilingMillis(Integer.MAX_VALUE)).isEqualTo(2_000);
    }

    @Test
    void given_a_multiplier_of_one_then_the_ceiling_never_grows() {
        Backoff flat = Backoff.equalJitter(300, 2_000, 1.0);
        assertThat(flat.ceilingMillis(1)).isEqualTo(300);
        assertThat(flat.ceilingMillis(50)).isEqualTo(300);
    }

    @Test
    void given_any_failure_count_when_equally_jittered_then_the_delay_stays_between_half_the_ceiling_and_the_ceiling() {
        long seed = 42;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            int failures = 1 + random.nextInt(40);
            long delay = equal.delayMillis(failures, random::nextDouble);
            long ceiling = equal.ceilingMillis(failures);
            assertThat(delay).as("seed %s, failures %s", seed, failures).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void given_the_same_seed_then_the_delays_replay_exactly() {
        SplittableRandom a = new SplittableRandom(7);
        SplittableRandom b = new SplittableRandom(7);
        for (int failures = 1; failures < 20; failures++) {
            assertThat(equal.delayMillis(failures, a::nextDouble)).isEqualTo(equal.delayMillis(failures, b::nextDouble));
        }
    }

    @Test
    void given_many_retries_then_the_delays_spread_rather_than_all_being_the_same() {
        SplittableRandom random = new SplittableRandom(3);
        Set<Long> distinct = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            distinct.add(equal.delayMillis(6, random::nextDouble));
        }
        assertThat(distinct).hasSizeGreaterThan(50);
    }

    @Test
    void given_retries_the_fully_jittered_backoff_grows_but_stays_under_the_cap() {
        SplittableRandom random = new SplittableRandom(3);
        Backoff full = Backoff.fullJitter(10, 100, 2.0);
        for (int i = 0; i < 200; i++) {
            assertThat(full.delayMillis(1, random::nextDouble)).isBetween(0L, 9L);
            assertThat(full.delayMillis(3, random::nextDouble)).isBetween(0L, 39L);
            assertThat(full.delayMillis(20, random::nextDouble)).isBetween(0L, 99L);
        }
        assertThat(full.delayMillis(20, () -> 0.999)).isEqualTo(99L);
        assertThat(full.delayMillis(20, () -> 0.0)).isZero();
    }

    @Test
    void given_the_extreme_draws_then_each_jitter_spans_its_share_of_the_ceiling() {
        assertThat(equal.delayMillis(5, () -> 0.0)).isEqualTo(800);
        assertThat(equal.delayMillis(5, () -> Math.nextDown(1.0))).isEqualTo(1_599);
        Backoff none = Backoff.noJitter(1_000, 60_000, 2.0);
        assertThat(none.delayMillis(3, () -> 0.0)).isEqualTo(4_000);
        assertThat(none.delayMillis(3, () -> Math.nextDown(1.0))).isEqualTo(4_000);
    }

    @Test
    void given_nanoseconds_then_the_jitter_is_drawn_below_the_millisecond() {
        Backoff full = Backoff.fullJitter(5, 100, 2.0);
        assertThat(full.delayNanos(1, () -> 0.5)).isEqualTo(2_500_000L);
        assertThat(full.delayNanos(1, () -> 0.0000001)).isEqualTo(0L);
        assertThat(full.delayNanos(1, () -> 0.123456)).isEqualTo(617_280L);
        assertThat(full.delayNanos(30, () -> Math.nextDown(1.0))).isEqualTo(99_999_999L);
    }

    @Test
    void given_a_draw_outside_the_unit_interval_then_it_is_refused() {
        assertThatThrownBy(() -> equal.delayMillis(1, () -> 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a uniform draw must be in [0, 1), was 1.0");
        assertThatThrownBy(() -> equal.delayMillis(1, () -> -0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void given_no_failure_then_asking_for_a_delay_is_a_bug() {
        assertThatThrownBy(() -> equal.ceilingMillis(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failures must be >= 1, was 0");
    }

    @Test
    void given_a_maximum_below_the_initial_delay_then_construction_names_the_key_and_range() {
        assertThatThrownBy(() -> Backoff.equalJitter(500, 100, 2.0))
                .isInstanceOf(ConfigException.class)
                .hasMessage("backoff.maxMillis must be in [500, 300000], was 100");
        assertThatThrownBy(() -> new Backoff(100, 500, 2.0, 1.5))
                .isInstanceOf(ConfigException.class)
                .hasMessage("backoff.jitter must be in [0.0, 1.0], was 1.5");
        assertThatThrownBy(() -> Backoff.fullJitter(100, 500, 0.5))
                .hasMessage("backoff.multiplier must be in [1.0, 10.0], was 0.5");
    }
}
