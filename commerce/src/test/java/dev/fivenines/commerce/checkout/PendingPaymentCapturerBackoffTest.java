package dev.fivenines.commerce.checkout;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PendingPaymentCapturerBackoffTest {
    private static final PendingPaymentCapturer CAPTURER = new PendingPaymentCapturer(null, null, null, null, null,
            PendingPaymentCapturer.Config.builder().pollInterval(Duration.ofSeconds(1)).batchSize(10)
                    .initialBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(60)).build());

    @Test
    void givenFailedAttempts_whenBackingOff_thenTheDelayDoublesUpToTheCapAndNeverOverflows() {
        assertThat(IntStream.of(0, 1, 2, 5, 6, 40, Integer.MAX_VALUE).mapToObj(a -> CAPTURER.backoff(a).toSeconds()).toList())
                .containsExactly(1L, 2L, 4L, 32L, 60L, 60L, 60L);
    }

    @Test
    void givenABatchOfZero_whenTheConfigIsBuilt_thenItIsRefusedByName() {
        assertThatThrownBy(() -> PendingPaymentCapturer.Config.builder().pollInterval(Duration.ofSeconds(1)).batchSize(0)
                .initialBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(2)).build())
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> PendingPaymentCapturer.Config.builder().pollInterval(Duration.ofSeconds(1)).batchSize(1)
                .initialBackoff(Duration.ofSeconds(5)).maxBackoff(Duration.ofSeconds(2)).build())
                .hasMessageContaining("maxBackoffMillis");
    }
}
