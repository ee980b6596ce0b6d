package dev.fivenines.edge;

import dev.fivenines.base.Backoff;
import dev.fivenines.traffic.client.AdaptiveThrottle;
import dev.fivenines.traffic.client.RetryBudget;
import dev.fivenines.traffic.outlier.OutlierDetector;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamPoolOutlierTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(0);
    private final SplittableRandom random = new SplittableRandom(11);
    private final Upstream a = new Upstream("shop-1", URI.create("http://127.0.0.1:1"));
    private final Upstream b = new Upstream("shop-2", URI.create("http://127.0.0.1:2"));
    private final UpstreamPool pool = new UpstreamPool("shop", List.of(a, b), new UpstreamPolicy(
            new OutlierDetector(new OutlierDetector.Settings(3, 1_000, 1_000, 50, 1_000), clock::get),
            new RetryBudget(0.1, 1, clock::get),
            new AdaptiveThrottle(2.0, 60_000 * MS, clock::get, random::nextDouble),
            Backoff.fullJitter(1, 10, 2.0), random::nextDouble));

    @Test
    void givenAnInstanceKeepsFailingItIsTriedLastUntilItsEjectionEndsThenReturnsGradually() {
        for (int i = 0; i < 3; i++) {
            pool.recordFailure(a);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(pool.attemptOrder()).containsExactly(b, a);
        }
        clock.addAndGet(1_000 * MS);
        int firstPicks = 0;
        for (int i = 0; i < 200; i++) {
            if (pool.attemptOrder().get(0) == a) {
                firstPicks++;
            }
        }
        // at weight 0.1 it leads about 10% of its turns (half of them are its turns)
        assertThat(firstPicks).isBetween(1, 30);
        clock.addAndGet(1_000 * MS);
        firstPicks = 0;
        for (int i = 0; i < 200; i++) {
            if (pool.attemptOrder().get(0) == a) {
                firstPicks++;
            }
        }
        assertThat(firstPicks).isEqualTo(100);
    }
}
