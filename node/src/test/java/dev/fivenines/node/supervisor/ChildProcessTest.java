package dev.fivenines.node.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ChildProcessTest {
    @Test
    void givenNicenessZeroTheCommandIsUnchanged() {
        assertThat(ChildProcess.niced(0, List.of("java", "-version"))).containsExactly("java", "-version");
    }

    @Test
    void givenANicenessTheChildRunsAtThatPriorityUnderItsOwnPid(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.log");
        // the child prints its own pid and its niceness (field 19 of /proc/self/stat)
        ChildProcess child = ChildProcess.start("niced", ChildProcess.niced(7,
                List.of("sh", "-c", "echo $$ $(cut -d' ' -f19 /proc/$$/stat)")), Map.of(), log);

        await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
        assertThat(Files.readString(log).trim()).isEqualTo(child.pid() + " 7");
    }

    @Test
    void givenANegativeNicenessTheChildRunsAtItWhenThisProcessMayRaisePriority_elseAtZero(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.log");
        ChildProcess child = ChildProcess.start("raised", ChildProcess.niced(-5,
                List.of("sh", "-c", "cut -d' ' -f19 /proc/$$/stat")), Map.of(), log);

        await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
        String expected = ChildProcess.mayRaisePriority() ? "-5" : "0";
        assertThat(Files.readAllLines(log)).last().isEqualTo(expected);
    }

    @Test
    void givenTheEffectiveCapabilities_thenRaisingPriorityNeedsCapSysNice() {
        assertThat(ChildProcess.mayRaisePriority("Name:\tjava\nCapEff:\t000001ffffffffff\n")).as("root").isTrue();
        assertThat(ChildProcess.mayRaisePriority("CapEff:\t0000000000800000\n")).as("CAP_SYS_NICE alone").isTrue();
        assertThat(ChildProcess.mayRaisePriority("CapEff:\t0000000000000000\n")).as("a plain user").isFalse();
        assertThat(ChildProcess.mayRaisePriority("Name:\tjava\n")).as("no capability line").isFalse();
    }
}
