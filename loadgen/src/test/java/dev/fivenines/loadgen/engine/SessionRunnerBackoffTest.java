package dev.fivenines.loadgen.engine;

import dev.fivenines.loadgen.scenario.Arrivals;
import dev.fivenines.loadgen.scenario.Catalog;
import dev.fivenines.loadgen.scenario.CheckoutRetry;
import dev.fivenines.loadgen.scenario.Mix;
import dev.fivenines.loadgen.scenario.Phase;
import dev.fivenines.loadgen.scenario.Scenario;
import dev.fivenines.loadgen.scenario.SessionKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The checkout backoff on base.Backoff draws exactly what the hand-written one drew, seed for seed. */
class SessionRunnerBackoffTest {

    private static SessionRunner runner(CheckoutRetry retry) {
        Scenario s = new Scenario("test", "", Arrivals.UNIFORM, 10, 1_000, retry, Catalog.DEFAULT, null,
                List.of(new Phase("p", 1_000, 1, 1, Mix.only(SessionKind.BUY))), 0);
        return new SessionRunner(s, null, null, new KnownOrders(16), () -> false, "run-1");
    }

    /** The backoff SessionRunner had before it used base.Backoff. */
    private static long handWritten(CheckoutRetry retry, int attempt, long retryAfterMillis, SplittableRandom random) {
        long millis;
        if (retryAfterMillis >= 0) {
            millis = Math.min(retryAfterMillis, retry.maxRetryAfterMillis()) + random.nextLong(retry.backoffMillis() + 1);
        } else {
            long ceiling = Math.min(retry.maxBackoffMillis(), retry.backoffMillis() << Math.min(attempt - 1, 20));
            millis = random.nextLong(ceiling + 1);
        }
        return millis * 1_000_000L;
    }

    @Test
    void givenTheSameSeed_whenEveryAttemptBacksOff_thenEachDelayIsTheHandWrittenOnesToTheNanosecond() {
        for (CheckoutRetry retry : List.of(CheckoutRetry.DEFAULT, new CheckoutRetry(30, 1, 300_000, 0),
                new CheckoutRetry(8, 60_000, 60_000, 300_000), new CheckoutRetry(25, 7, 5_000, 10_000))) {
            SessionRunner runner = runner(retry);
            for (long seed = 1; seed <= 50; seed++) {
                SplittableRandom now = new SplittableRandom(seed);
                SplittableRandom before = new SplittableRandom(seed);
                for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
                    for (long retryAfter : new long[] {-1, 0, 2_000, 400_000}) {
                        assertThat(runner.backoffNanos(attempt, retryAfter, now))
                                .as("%s attempt %d retry-after %d seed %d", retry, attempt, retryAfter, seed)
                                .isEqualTo(handWritten(retry, attempt, retryAfter, before));
                    }
                }
            }
        }
    }
}
