package dev.fivenines.edge;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CheckoutLatencyTest {
    private final AtomicLong nanos = new AtomicLong(TimeUnit.SECONDS.toNanos(1000));
    private final CheckoutLatency latency = new CheckoutLatency(10, nanos::get);

    private void checkout(long millis, boolean failed) {
        long start = latency.start();
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
        latency.finished(start, failed);
    }

    @Test
    void no_checkout_yet_shows_a_count_of_zero_and_no_percentiles() {
        assertThat(latency.snapshot()).containsEntry("count", 0L).containsEntry("p95Millis", null)
                .containsEntry("windowSeconds", 10);
    }

    @Test
    void the_window_holds_the_last_ten_seconds_of_checkouts_with_their_percentiles_and_failures() {
        for (int i = 1; i <= 100; i++) {
            checkout(i, i > 98);
        }
        var snapshot = latency.snapshot();
        assertThat(snapshot).containsEntry("count", 100L).containsEntry("failed", 2L);
        assertThat((Double) snapshot.get("p50Millis")).isBetween(49.0, 51.0);
        assertThat((Double) snapshot.get("p99Millis")).isBetween(98.0, 100.0);
        assertThat((Double) snapshot.get("maxMillis")).isBetween(99.0, 101.0);
    }

    @Test
    void checkouts_older_than_the_window_drop_out() {
        checkout(500, true);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
        checkout(20, false);
        assertThat(latency.snapshot()).containsEntry("count", 2L);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(6));
        // The 500 ms checkout is now more than ten seconds old; the 20 ms one is not.
        assertThat(latency.snapshot()).containsEntry("count", 1L).containsEntry("failed", 0L);
        assertThat((Double) latency.snapshot().get("maxMillis")).isBetween(19.0, 21.0);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(60));
        assertThat(latency.snapshot()).containsEntry("count", 0L);
    }
}
