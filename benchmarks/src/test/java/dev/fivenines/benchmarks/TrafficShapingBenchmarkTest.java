package dev.fivenines.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficShapingBenchmarkTest {
    private static final List<String> MODES = List.of("adaptive", "bulkhead", "off");

    @Test
    void givenEachMultipleTheModesRotateButAdmissionOffAlwaysRunsLastSinceItMayKillTheEdge() {
        assertThat(TrafficShapingBenchmark.order(MODES, 0)).containsExactly("adaptive", "bulkhead", "off");
        assertThat(TrafficShapingBenchmark.order(MODES, 1)).containsExactly("bulkhead", "adaptive", "off");
        assertThat(TrafficShapingBenchmark.order(MODES, 2)).containsExactly("adaptive", "bulkhead", "off");
        assertThat(TrafficShapingBenchmark.order(List.of("bulkhead", "adaptive"), 1)).containsExactly("adaptive", "bulkhead");
    }
}
