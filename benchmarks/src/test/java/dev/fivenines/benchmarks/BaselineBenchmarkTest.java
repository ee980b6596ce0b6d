package dev.fivenines.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BaselineBenchmarkTest {
    @Test
    void aReapedChildsCpuCountsInItsParentsTree() throws Exception {
        long self = ProcessHandle.current().pid();
        ProcessTreeCpu then = ProcessTreeCpu.read();
        long before = then.tree(self) - then.own(self);
        Process busy = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").start();
        assertThat(busy.waitFor()).isZero();

        ProcessTreeCpu now = ProcessTreeCpu.read();
        long after = now.tree(self) - now.own(self);
        assertThat(after).as("children's CPU (ms)").isGreaterThan(before);
        assertThat(now.own(Long.MAX_VALUE)).as("a process that is gone").isZero();
    }

    @Test
    void capacityIsTheHighestRateWithinBothLimitsWithNoFailureBelowIt() {
        var fine = Map.of("shop", 2.0);
        List<BaselineBenchmark.Result> results = List.of(
                new BaselineBenchmark.Result("plain", 50, 100, 100.0, 20, 150, fine),
                new BaselineBenchmark.Result("plain", 100, 100, 100.0, 20, 199, fine),
                new BaselineBenchmark.Result("plain", 150, 100, 99.0, 20, 120, fine),
                new BaselineBenchmark.Result("plain", 200, 100, 100.0, 20, 120, fine),
                new BaselineBenchmark.Result("fivenines", 50, 100, 100.0, 20, 250, fine));

        String report = BaselineBenchmark.report(results, List.of(
                new BaselineBenchmark.Target("plain", "u", List.of()),
                new BaselineBenchmark.Target("fivenines", "u", List.of())));

        assertThat(report).contains("- plain: capacity (highest rate with >= 99.9% checkouts ok at p99 < 200 ms) 100 buy sessions/s")
                .contains("- fivenines: capacity (highest rate with >= 99.9% checkouts ok at p99 < 200 ms) below the lowest rate");
        assertThat(BaselineBenchmark.groupName("inventory-3")).isEqualTo("inventory");
    }
}
