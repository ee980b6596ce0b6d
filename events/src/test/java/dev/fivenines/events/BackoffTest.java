package dev.fivenines.events;

import dev.fivenines.base.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    private final Backoff backoff = new Backoff(100, 2_000, 2.0);

    @Test
    void given_consecutive_failures_then_the_ceiling_doubles_until_the_maximum() {
        assertThat(backoff.ceilingMillis(1)).isEqualTo(100);
        assertThat(backoff.ceilingMillis(2)).isEqualTo(200);
        assertThat(backoff.ceilingMillis(5)).isEqualTo(1_600);
        assertThat(backoff.ceilingMillis(6)).isEqualTo(2_000);
        assertThat(backoff.ceilingMillis(1_000)).isEqualTo(2_000);
    }

    @Test
    void given_any_failure_count_when_jittered_then_the_delay_stays_between_half_the_ceiling_and_the_ceiling() {
        long seed = 42;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            int failures = 1 + random.nextInt(40);
            long delay = backoff.delayMillis(failures, random);
            long ceiling = backoff.ceilingMillis(failures);
            assertThat(delay).as("seed %s, failures %s", seed, failures).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void given_the_same_seed_then_the_delays_replay_exactly() {
        SplittableRandom a = new SplittableRandom(7);
        SplittableRandom b = new SplittableRandom(7);
        for (int failures = 1; failures < 20; failures++) {
            assertThat(backoff.delayMillis(failures, a)).isEqualTo(backoff.delayMillis(failures, b));
        }
    }

    @Test
    void given_many_retries_then_the_delays_spread_rather_than_all_being_the_same() {
        SplittableRandom random = new SplittableRandom(3);
        var distinct = new java.util.HashSet<Long>();
        for (int i = 0; i < 100; i++) {
            distinct.add(backoff.delayMillis(6, random));
        }
        assertThat(distinct).hasSizeGreaterThan(50);
    }

    @Test
    void given_a_maximum_below_the_initial_delay_then_construction_names_the_key_and_range() {
        assertThatThrownBy(() -> new Backoff(500, 100, 2.0))
                .isInstanceOf(ConfigException.class)
                .hasMessage("backoff.maxMillis must be in [500, 300000], was 100");
    }
}
