package dev.fivenines.node.supervisor;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class ExitStatusTest {
    @Test
    void anExitCodeAbove128IsTheSignalThatEndedTheProcess() {
        assertThat(ExitStatus.of(137)).isEqualTo(new ExitStatus(137, "SIGKILL"));
        assertThat(ExitStatus.of(143)).isEqualTo(new ExitStatus(143, "SIGTERM"));
        assertThat(ExitStatus.of(1)).isEqualTo(new ExitStatus(1, null));
        assertThat(ExitStatus.of(255)).as("above any signal number").isEqualTo(new ExitStatus(255, null));
        assertThat(ExitStatus.of(137).describe()).isEqualTo("SIGKILL (exit code 137)");
        assertThat(ExitStatus.of(OptionalInt.empty())).as("not our child").isEqualTo(ExitStatus.UNKNOWN);
        assertThat(ExitStatus.UNKNOWN.describe()).isEqualTo("exit status unknown");
    }
}
