package dev.fivenines.commerce.checkout;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PendingPaymentCapturerBackoffTest {
    private static final PendingPaymentCapturer CAPTURER = new PendingPaymentCapturer(null, null, null, null, null,
            new PendingPaymentCapturer.Config(Duration.ofSeconds(1), 10, Duration.ofSeconds(1), Duration.ofSeconds(60)));

    @Test
    void givenFailedAttempts_whenBackingOff_thenTheDelayDoublesUpToTheCapAndNeverOverflows() {
        assertThat(IntStream.of(0, 1, 2, 5, 6, 40, Integer.MAX_VALUE).mapToObj(a -> CAPTURER.backoff(a).toSeconds()).toList())
                .containsExactly(1L, 2L, 4L, 32L, 60L, 60L, 60L);
    }

    @Test
    void givenABatchOfZero_whenTheConfigIsBuilt_thenItIsRefusedByName() {
        assertThatThrownBy(() -> new PendingPaymentCapturer.Config(Duration.ofSeconds(1), 0, Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> new PendingPaymentCapturer.Config(Duration.ofSeconds(1), 1, Duration.ofSeconds(5), Duration.ofSeconds(2)))
                .hasMessageContaining("maxBackoffMillis");
    }
}
