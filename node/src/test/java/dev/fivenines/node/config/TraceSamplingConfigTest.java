package dev.fivenines.node.config;

import dev.fivenines.base.ConfigException;
import dev.fivenines.traffic.Criticality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceSamplingConfigTest {
    private static final Path LOCAL = ShippedConfig.LOCAL;
    private static final String SHIPPED_LINE = "traceSampleRatios: [1.0, 1.0, 0.1, 0.1]";


    @Test
    void givenTheShippedTopology_whenLoaded_thenEveryBuyingTraceAndOneBrowsingTraceInTenAreKept() {
        TelemetrySettings telemetry = ClusterConfig.load(LOCAL, Map.of()).telemetry();

        assertThat(telemetry.traceSampleRatios()).containsExactly(1.0, 1.0, 0.1, 0.1);
        assertThat(telemetry.traceSampleRatio(Criticality.CRITICAL_PLUS)).isEqualTo(1.0);
        assertThat(telemetry.traceSampleRatio(Criticality.SHEDDABLE)).isEqualTo(0.1);
    }

    @Test
    void givenValidRatiosInTheFile_whenLoaded_thenEachClassGetsItsOwn(@TempDir Path dir) throws Exception {
        Path file = ShippedConfig.withEdit(dir, SHIPPED_LINE, "traceSampleRatios: [1, 0.5, 0.25, 0]");

        TelemetrySettings telemetry = ClusterConfig.load(file, Map.of()).telemetry();

        assertThat(telemetry.traceSampleRatio(Criticality.CRITICAL_PLUS)).isEqualTo(1.0);
        assertThat(telemetry.traceSampleRatio(Criticality.CRITICAL)).isEqualTo(0.5);
        assertThat(telemetry.traceSampleRatio(Criticality.SHEDDABLE_PLUS)).isEqualTo(0.25);
        assertThat(telemetry.traceSampleRatio(Criticality.SHEDDABLE)).isEqualTo(0.0);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            traceSampleRatios: [1.0, 1.0, 1.5, 0.1] | telemetry.traceSampleRatios[2] must be in [0.0, 1.0], was 1.5
            traceSampleRatios: [1.0, -0.1, 0.1, 0.1] | telemetry.traceSampleRatios[1] must be in [0.0, 1.0], was -0.1
            traceSampleRatios: [1.0, 1.0, 0.1] | telemetry.traceSampleRatios must list 4 ratios, one per class most critical first [CRITICAL_PLUS, CRITICAL, SHEDDABLE_PLUS, SHEDDABLE], was 3: [1.0, 1.0, 0.1]
            traceSampleRatios: [1.0, 1.0, 0.1, 0.1, 0.1] | telemetry.traceSampleRatios must list 4 ratios, one per class most critical first [CRITICAL_PLUS, CRITICAL, SHEDDABLE_PLUS, SHEDDABLE], was 5: [1.0, 1.0, 0.1, 0.1, 0.1]
            traceSampleRatios: [1.0, ~, 0.1, 0.1] | telemetry.traceSampleRatios[1] (CRITICAL) must be a number in [0.0, 1.0], was empty
            """)
    void givenAnInvalidRatioListInTheFile_whenLoaded_thenTheKeyAndTheRuleAreNamed(String replacement, String message,
                                                                               @TempDir Path dir) throws Exception {
        Path file = ShippedConfig.withEdit(dir, SHIPPED_LINE, replacement);

        assertThatThrownBy(() -> ClusterConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void givenARatioThatIsNotANumber_whenLoaded_thenTheKeyIsNamed(@TempDir Path dir) throws Exception {
        Path file = ShippedConfig.withEdit(dir, SHIPPED_LINE, "traceSampleRatios: [1.0, 1.0, lots, 0.1]");

        assertThatThrownBy(() -> ClusterConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("traceSampleRatios");
    }

    @Test
    void givenAFileWithoutATelemetrySection_whenLoaded_thenTheDefaultRatiosApply(@TempDir Path dir) throws Exception {
        String yaml = Files.readString(LOCAL);
        int from = yaml.indexOf("telemetry:\n");
        int to = yaml.indexOf("\n\n", from);
        Path file = dir.resolve("old.yaml");
        Files.writeString(file, yaml.substring(0, from) + yaml.substring(to + 2));

        assertThat(Files.readString(file)).doesNotContain("traceSampleRatios:");
        assertThat(ClusterConfig.load(file, Map.of()).telemetry().traceSampleRatios())
                .isEqualTo(TelemetrySettings.DEFAULT_TRACE_SAMPLE_RATIOS)
                .containsExactly(1.0, 1.0, 0.1, 0.1);
    }

    @Test
    void givenATelemetrySectionWithoutRatios_whenLoaded_thenTheDefaultRatiosApply(@TempDir Path dir) throws Exception {
        Path file = ShippedConfig.withEdit(dir, "telemetry:\n  " + SHIPPED_LINE, "telemetry: {}");

        assertThat(ClusterConfig.load(file, Map.of()).telemetry().traceSampleRatios()).containsExactly(1.0, 1.0, 0.1, 0.1);
    }

    @Test
    void givenTheEnvironmentAsksForEveryTrace_whenLoaded_thenItWinsOverTheFile() {
        TelemetrySettings telemetry = ClusterConfig.load(LOCAL, Map.of("FIVENINES_TRACE_SAMPLE_RATIOS", "1, 1, 1.0, 1")).telemetry();

        assertThat(telemetry.traceSampleRatios()).containsExactly(1.0, 1.0, 1.0, 1.0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1,1,0.1           | FIVENINES_TRACE_SAMPLE_RATIOS must list 4 ratios, one per class most critical first [CRITICAL_PLUS, CRITICAL, SHEDDABLE_PLUS, SHEDDABLE], was 3: [1.0, 1.0, 0.1]
            1,1,0.1,2         | FIVENINES_TRACE_SAMPLE_RATIOS[3] must be in [0.0, 1.0], was 2.0
            1;1;0.1;0.1       | FIVENINES_TRACE_SAMPLE_RATIOS must be 4 comma-separated numbers in [0, 1], most critical first, was '1;1;0.1;0.1'
            """)
    void givenAMalformedEnvironmentOverride_whenLoaded_thenTheVariableIsNamed(String value, String message) {
        assertThatThrownBy(() -> ClusterConfig.load(LOCAL, Map.of("FIVENINES_TRACE_SAMPLE_RATIOS", value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}
