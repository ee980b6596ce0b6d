package dev.fivenines.node.roles;

import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.telemetry.TraceSamplingPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RoleRunnerTraceSamplingTest {
    private static final Path LOCAL = Path.of("../config/local.yaml");

    @Test
    void givenTheShippedConfig_whenRequestsStartTraces_thenTheirRouteClassPicksTheRatio() {
        TraceSamplingPolicy policy = RoleRunner.traceSampling(ClusterConfig.load(LOCAL, Map.of()));

        assertThat(policy.ratio("POST", "/api/v1/checkout")).as("checkout").isEqualTo(1.0);
        assertThat(policy.ratio("POST", "/api/v1/carts/c-1/lines")).as("cart").isEqualTo(1.0);
        assertThat(policy.ratio("GET", "/api/v1/orders/o-1")).as("order status").isEqualTo(1.0);
        assertThat(policy.ratio("GET", "/api/v1/products/sku-1")).as("product page").isEqualTo(0.1);
        assertThat(policy.ratio("GET", "/api/v1/recommendations/sku-1")).as("recommendations").isEqualTo(0.1);
        assertThat(policy.ratio("GET", "/api/v1/unlisted")).as("the fallback class").isEqualTo(0.1);
    }

    @Test
    void givenTheShippedConfig_whenAnOperatorCallStartsATrace_thenItIsAlwaysKept() {
        TraceSamplingPolicy policy = RoleRunner.traceSampling(ClusterConfig.load(LOCAL, Map.of()));

        assertThat(policy.ratio("PUT", "/admin/traffic/admission")).isEqualTo(1.0);
    }

    @Test
    void givenEveryRatioSetToOne_whenBrowsingStartsATrace_thenItIsKept() {
        TraceSamplingPolicy policy = RoleRunner.traceSampling(
                ClusterConfig.load(LOCAL, Map.of("FIVENINES_TRACE_SAMPLE_RATIOS", "1,1,1,1")));

        assertThat(policy.ratio("GET", "/api/v1/products/sku-1")).isEqualTo(1.0);
        assertThat(policy.ratio("GET", "/api/v1/search")).isEqualTo(1.0);
    }
}
