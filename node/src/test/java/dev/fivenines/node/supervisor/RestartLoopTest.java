package dev.fivenines.node.supervisor;

import dev.fivenines.db.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The restart loop against real child processes ({@code sleep}) killed with SIGKILL, on a clock the
 * test moves: the back-off decides when a restart happens, not the time the test takes.
 */
class RestartLoopTest {
    private static final Duration AWAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.at("2026-12-07T10:00:00Z");
    private final RestartLoop loop = new RestartLoop();
    private final List<Supervised> started = new ArrayList<>();
    private SupervisorEvents events;

    @AfterEach
    void stopEverything() {
        started.forEach(s -> s.stop(Duration.ofSeconds(5)));
        loop.close();
    }

    private Supervised sleeper(String name, Running.Probe probe) throws Exception {
        events = new SupervisorEvents(dir.resolve("events.jsonl"));
        Path log = dir.resolve(name + ".log");
        Supervised s = new Supervised(name, "sleeper", () -> Running.of(ChildProcess.start(name, List.of("sleep", "600"),
                Map.of(), log)), probe, RestartBackoff.Policy.DEFAULT, clock, events);
        loop.add(s);
        started.add(s);
        s.launchNow();
        loop.tick();
        return s;
    }

    private static long killAndAwaitDeath(Supervised s) {
        long pid = s.running().pid();
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly(); // SIGKILL
        await().atMost(AWAIT).until(() -> !process.isAlive());
        return pid;
    }

    /** Ticks until the restart launched on its own thread has produced a ready process. */
    private void awaitReadyAgain(Supervised s, long oldPid) {
        await().atMost(AWAIT).until(() -> {
            loop.tick();
            Supervised.Snapshot now = s.snapshot();
            return now.state() == Supervised.State.READY && now.pid() != oldPid;
        });
    }

    @Test
    void givenAChildKilledTwice_thenItIsRestartedEachTimeAfterAGrowingBackOffAndEveryStepIsAnEvent() throws Exception {
        Supervised s = sleeper("sleeper-1", Running.Probe.ALIVE);
        assertThat(s.snapshot().state()).isEqualTo(Supervised.State.READY);

        long first = killAndAwaitDeath(s);
        loop.tick();
        Supervised.Snapshot dead = s.snapshot();
        assertThat(dead.state()).isEqualTo(Supervised.State.BACKING_OFF);
        assertThat(dead.shown()).isEqualTo(ClusterState.InstanceState.RESTARTING);
        assertThat(dead.attempt()).isEqualTo(1);
        assertThat(dead.lastExit()).isEqualTo(new ExitStatus(137, "SIGKILL"));
        assertThat(dead.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(1));

        clock.advance(Duration.ofMillis(999));
        loop.tick();
        assertThat(s.snapshot().state()).as("not before its back-off").isEqualTo(Supervised.State.BACKING_OFF);
        clock.advance(Duration.ofMillis(1));
        awaitReadyAgain(s, first);
        long second = s.snapshot().pid();
        assertThat(ProcessHandle.of(second).map(ProcessHandle::isAlive)).contains(true);

        killAndAwaitDeath(s);
        loop.tick();
        assertThat(s.snapshot().attempt()).isEqualTo(2);
        assertThat(s.snapshot().nextAttemptAt()).as("the second wait doubles").isEqualTo(clock.instant().plusSeconds(2));
        clock.advance(Duration.ofSeconds(1));
        loop.tick();
        assertThat(s.snapshot().state()).isEqualTo(Supervised.State.BACKING_OFF);
        clock.advance(Duration.ofSeconds(1));
        awaitReadyAgain(s, second);
        assertThat(s.snapshot().restarts()).isEqualTo(2);

        List<SupervisorEvents.Event> lines = SupervisorEvents.read(events.file());
        assertThat(lines).extracting(SupervisorEvents.Event::type).containsExactly("process.exited", "process.restarted",
                "process.ready", "process.exited", "process.restarted", "process.ready");
        SupervisorEvents.Event exit = lines.get(0);
        assertThat(exit.instance()).isEqualTo("sleeper-1");
        assertThat(exit.pid()).isEqualTo(first);
        assertThat(exit.exitCode()).isEqualTo(137);
        assertThat(exit.signal()).isEqualTo("SIGKILL");
        assertThat(exit.attempt()).isEqualTo(1);
        assertThat(exit.nextDelayMillis()).isEqualTo(1000);
        assertThat(lines.get(3).attempt()).isEqualTo(2);
        assertThat(lines.get(3).nextDelayMillis()).isEqualTo(2000);
        assertThat(lines.get(4).pid()).isEqualTo(s.snapshot().pid());
    }

    @Test
    void givenARestartedChildThatThenRanForTheStablePeriod_thenItsNextExitWaitsTheInitialDelayAgain() throws Exception {
        Supervised s = sleeper("sleeper-2", Running.Probe.ALIVE);
        long first = killAndAwaitDeath(s);
        loop.tick();
        clock.advance(Duration.ofSeconds(1));
        awaitReadyAgain(s, first);

        clock.advance(RestartBackoff.STABLE_AFTER);
        killAndAwaitDeath(s);
        loop.tick();
        assertThat(s.snapshot().attempt()).isEqualTo(1);
        assertThat(s.snapshot().nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(1));
    }

    @Test
    void givenAChildAliveButNotReady_thenItIsReportedUnhealthyAndNotRestarted() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(true);
        Supervised s = sleeper("sleeper-3", r -> ready.get());
        long pid = s.snapshot().pid();

        ready.set(false);
        clock.advance(Duration.ofMinutes(30));
        for (int i = 1; i < Supervised.UNHEALTHY_AFTER_FAILED_PROBES; i++) {
            loop.tick();
        }
        assertThat(s.snapshot().state()).as("one slow probe is no state").isEqualTo(Supervised.State.READY);
        loop.tick();
        assertThat(s.snapshot().state()).isEqualTo(Supervised.State.UNHEALTHY);
        assertThat(s.snapshot().pid()).as("deciding about a sick process is the autopilot's").isEqualTo(pid);
        ready.set(true);
        loop.tick();
        assertThat(s.snapshot().state()).isEqualTo(Supervised.State.READY);
        assertThat(SupervisorEvents.read(events.file())).isEmpty();
    }

    @Test
    void givenARestartThatCannotStart_thenItIsRecordedAndRetriedWithTheNextDelay() throws Exception {
        events = new SupervisorEvents(dir.resolve("events.jsonl"));
        AtomicInteger starts = new AtomicInteger();
        Path log = dir.resolve("flaky.log");
        Supervised s = new Supervised("flaky", "sleeper", () -> {
            if (starts.incrementAndGet() == 2) {
                throw new IOException("no such binary");
            }
            return Running.of(ChildProcess.start("flaky", List.of("sleep", "600"), Map.of(), log));
        }, Running.Probe.ALIVE, RestartBackoff.Policy.DEFAULT, clock, events);
        loop.add(s);
        started.add(s);
        s.launchNow();
        long first = killAndAwaitDeath(s);
        loop.tick();
        clock.advance(Duration.ofSeconds(1));
        loop.tick();
        await().atMost(AWAIT).until(() -> s.snapshot().state() == Supervised.State.BACKING_OFF && s.snapshot().attempt() == 2);
        assertThat(s.snapshot().nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(2));

        clock.advance(Duration.ofSeconds(2));
        awaitReadyAgain(s, first);
        assertThat(SupervisorEvents.read(events.file())).extracting(SupervisorEvents.Event::type).containsExactly(
                "process.exited", "process.restart-failed", "process.restarted", "process.ready");
        assertThat(SupervisorEvents.read(events.file()).get(1).error()).isEqualTo("no such binary");
    }

    @Test
    void givenAStoppedProcess_thenNothingRestartsIt() throws Exception {
        Supervised s = sleeper("sleeper-4", Running.Probe.ALIVE);
        long pid = s.snapshot().pid();

        s.stop(Duration.ofSeconds(5));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        clock.advance(Duration.ofMinutes(10));
        loop.tick();
        assertThat(s.snapshot().state()).isEqualTo(Supervised.State.STOPPED);
        assertThat(s.snapshot().pid()).isEqualTo(pid);
        assertThat(SupervisorEvents.read(events.file())).isEmpty();
    }

    @Test
    void givenAStopWhileARestartIsWaitingItsTurn_thenTheRestartNeverHappens() throws Exception {
        Supervised s = sleeper("sleeper-5", Running.Probe.ALIVE);
        killAndAwaitDeath(s);
        loop.tick();
        s.stop(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(1));
        loop.tick();
        assertThat(s.snapshot().state()).isEqualTo(Supervised.State.STOPPED);
        assertThat(SupervisorEvents.read(events.file())).extracting(SupervisorEvents.Event::type).containsExactly("process.exited");
    }
}
