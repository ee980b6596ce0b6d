package dev.fivenines.benchmarks;

import dev.fivenines.base.Json;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BuySessionBenchmarkTest {
    @Test
    void theClustersInstancesAreGroupedByRoleAndTheSupervisorCountsAlone() throws Exception {
        var cluster = Json.mapper().readTree("""
                {"supervisorPid": 10, "edgeUrl": "http://127.0.0.1:8080", "instances": [
                  {"name": "postgres", "role": "postgres", "pid": 11},
                  {"name": "shop-1", "role": "shop", "pid": 12},
                  {"name": "shop-2", "role": "shop", "pid": 13}]}""");

        List<BaselineBenchmark.Member> members = BaselineBenchmark.clusterMembers(cluster);

        assertThat(members).containsExactly(
                new BaselineBenchmark.Member("supervisor", 10, false),
                new BaselineBenchmark.Member("postgres", 11, true),
                new BaselineBenchmark.Member("shop", 12, true),
                new BaselineBenchmark.Member("shop", 13, true));
    }

    @Test
    void theReportGivesEachGroupPerSessionAndTheTotal() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("shop", 3000.0);
        cpu.put("postgres", 1000.0);
        var result = new BuySessionBenchmark.Result(100, 50, 20, 80, 30, 4, cpu, Map.of("shop", 500.0, "postgres", 0.0),
                Map.of("SQL statements", 4000L));

        String report = BuySessionBenchmark.report(result, Map.of("rate", "5", "state", "/tmp/s"));

        assertThat(report).contains("| shop | 30.0 | 5.0 | 60.0 |")
                .contains("| postgres | 10.0 | 0.0 | 20.0 |")
                .contains("| **total** | **40.0** | **5.0** | **80.0** |")
                .contains("| SQL statements | 40.0 |")
                .contains("checkout ok 50 (50.00%)");
    }

    @Test
    void aJvmsJitThreadsHaveCompiledSomethingByNowAndAGoneProcessCountsNothing() {
        assertThat(ProcessTreeCpu.jit(ProcessHandle.current().pid())).as("this test JVM's compiler threads (ms)").isPositive();
        assertThat(ProcessTreeCpu.jit(Long.MAX_VALUE)).isZero();
    }
}
