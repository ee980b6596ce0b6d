package dev.fivenines.node.cli;

import dev.fivenines.node.supervisor.ClusterState.Instance;
import dev.fivenines.node.supervisor.ClusterState.InstanceState;
import dev.fivenines.node.supervisor.ExitStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code status} says of one process, from the supervisor's record and what is true now. */
class InstanceViewTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Supplier<String> READY = () -> "ready";
    private static final Supplier<String> NOT_ASKED = () -> {
        throw new AssertionError("the probe is not asked here");
    };

    private static Instance inventory2(InstanceState state, Integer attempt, Instant nextAttemptAt) {
        return new Instance("inventory-2", "inventory", 8102, 4242, "inventory-2.log", "http://127.0.0.1:8102/observe/health",
                state, NOW.minusSeconds(5), 1, attempt, nextAttemptAt, new ExitStatus(137, "SIGKILL"));
    }

    @Test
    void givenTheSupervisorWaitingOutTheBackOff_thenRestartingWithTheAttemptAndTheNextTry() {
        InstanceView v = InstanceView.of(inventory2(InstanceState.RESTARTING, 2, NOW.plusMillis(1500)), false, NOT_ASKED, NOW, false);
        assertThat(v.state()).isEqualTo(InstanceState.RESTARTING);
        assertThat(v.detail()).isEqualTo("last exit SIGKILL (exit code 137); attempt 2, next try in 2 s");
        assertThat(v.restarts()).isEqualTo(1);
    }

    @Test
    void givenARestartedProcessNotReadyYet_thenRestartingStarted() {
        InstanceView v = InstanceView.of(inventory2(InstanceState.RESTARTING, 1, null), true, NOT_ASKED, NOW, false);
        assertThat(v.state()).isEqualTo(InstanceState.RESTARTING);
        assertThat(v.detail()).endsWith("attempt 1, started, not ready yet");
    }

    @Test
    void givenARecordThatSaysReadyButThePidIsGone_thenDead() {
        InstanceView v = InstanceView.of(inventory2(InstanceState.READY, 0, null), false, NOT_ASKED, NOW, false);
        assertThat(v.state()).isEqualTo(InstanceState.DEAD);
    }

    @Test
    void givenAnAliveProcessWhoseReadinessFails_thenUnhealthyWithTheAnswer() {
        InstanceView v = InstanceView.of(inventory2(InstanceState.READY, 0, null), true, () -> "not ready (503)", NOW, false);
        assertThat(v.state()).isEqualTo(InstanceState.UNHEALTHY);
        assertThat(v.detail()).isEqualTo("not ready (503)");
    }

    @Test
    void givenAFreshRecord_thenTheSupervisorsReadyOrUnhealthyIsTrustedOverOneProbe() {
        assertThat(InstanceView.of(inventory2(InstanceState.READY, 0, null), true, NOT_ASKED, NOW, true).state())
                .isEqualTo(InstanceState.READY);
        InstanceView sick = InstanceView.of(inventory2(InstanceState.UNHEALTHY, 0, null), true, () -> "not ready (503)", NOW, true);
        assertThat(sick.state()).isEqualTo(InstanceState.UNHEALTHY);
        assertThat(sick.detail()).endsWith("not ready (503)");
        assertThat(InstanceView.of(inventory2(InstanceState.READY, 0, null), false, NOT_ASKED, NOW, true).state())
                .as("a pid that is gone is dead, however fresh the record").isEqualTo(InstanceState.DEAD);
    }

    @Test
    void givenAnAliveReadyProcess_thenReady_andAnEngineWithoutHealthUrlIsReadyWhenAlive() {
        assertThat(InstanceView.of(inventory2(InstanceState.READY, 0, null), true, READY, NOW, false).state()).isEqualTo(InstanceState.READY);
        Instance kafka = new Instance("kafka", "kafka", 19092, 77, "kafka.log", null, InstanceState.READY, NOW, 0, 0, null, null);
        assertThat(InstanceView.of(kafka, true, NOT_ASKED, NOW, false).state()).isEqualTo(InstanceState.READY);
    }

    @Test
    void givenAFileWrittenBeforeSupervisionFieldsExisted_thenTheProbeDecides() {
        Instance old = new Instance("shop-1", "shop", 8081, 99, "shop-1.log", "http://127.0.0.1:8081/observe/health",
                null, null, null, null, null, null);
        assertThat(InstanceView.of(old, true, READY, NOW, false).state()).isEqualTo(InstanceState.READY);
        assertThat(InstanceView.of(old, false, NOT_ASKED, NOW, false).state()).isEqualTo(InstanceState.DEAD);
    }

    @Test
    void theClusterIsReadyOnlyWhenEveryProcessIs() {
        InstanceView ready = InstanceView.of(inventory2(InstanceState.READY, 0, null), true, READY, NOW, false);
        InstanceView dead = InstanceView.of(inventory2(InstanceState.READY, 0, null), false, NOT_ASKED, NOW, false);
        assertThat(InstanceView.notReady(List.of(ready, ready))).isEmpty();
        assertThat(InstanceView.notReady(List.of(ready, dead))).isEqualTo("inventory-2 DEAD");
    }
}
