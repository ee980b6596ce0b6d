package dev.fivenines.traffic.admission;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class HostCpuTest {
    @Test
    void givenCallersWithinOneInterval_thenTheyShareOneReading_andTheNextIntervalReadsAgain() {
        AtomicLong clock = new AtomicLong(1_000);
        AtomicInteger readings = new AtomicInteger();
        HostCpu cpu = new HostCpu(clock::get, () -> 0.1 * readings.incrementAndGet());

        double first = cpu.get();
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(HostCpu.MIN_INTERVAL_MILLIS - 1));
        double sameWindow = cpu.get();
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        double next = cpu.get();

        assertThat(first).isEqualTo(0.1);
        assertThat(sameWindow).isEqualTo(first);
        assertThat(next).isEqualTo(0.2);
        assertThat(readings).hasValue(2);
    }

    @Test
    void givenTheJdksReading_thenItIsALoadOrUnknown() {
        assertThat(HostCpu.load()).satisfiesAnyOf(v -> assertThat(v).isBetween(0.0, 1.0), v -> assertThat(v).isNegative());
    }
}
