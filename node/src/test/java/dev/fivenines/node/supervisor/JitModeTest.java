package dev.fivenines.node.supervisor;

import dev.fivenines.base.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JitModeTest {
    @Test
    void c1ByDefaultTieredOnRequestAndAnythingElseNamesTheLegalValues() {
        assertThat(JitMode.options(Map.of())).containsExactly("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.1");
        assertThat(JitMode.options(Map.of("FIVENINES_JIT", "c1"))).containsExactly("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.1");
        assertThat(JitMode.options(Map.of("FIVENINES_JIT", "tiered"))).isEmpty();
        assertThatThrownBy(() -> JitMode.options(Map.of("FIVENINES_JIT", "c2")))
                .isInstanceOf(ConfigException.class).hasMessage("FIVENINES_JIT must be one of [c1, tiered], was 'c2'");
    }
}
