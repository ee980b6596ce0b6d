package dev.fivenines.base;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PeriodicLoopTest {
    @Test
    void aRunThatThrowsDoesNotStopTheLoopAndCloseStopsIt() {
        AtomicInteger runs = new AtomicInteger();
        PeriodicLoop loop = new PeriodicLoop("test-loop", Duration.ofMillis(5), Duration.ofSeconds(5), () -> {
            if (runs.incrementAndGet() % 2 == 1) {
                throw new IllegalStateException("every other run fails");
            }
        }, "nothing is lost");

        loop.start();
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 4);
        assertThat(loop.isRunning()).isTrue();

        loop.close();
        int afterClose = runs.get();
        assertThat(loop.isRunning()).isFalse();
        assertThat(runs.get()).isEqualTo(afterClose);
        assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class).hasMessage("test-loop is closed");
    }

    @Test
    void aZeroIntervalIsRefused() {
        assertThatThrownBy(() -> new PeriodicLoop("bad", Duration.ZERO, Duration.ofSeconds(1), () -> { }, "-"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval must be positive");
    }
}
