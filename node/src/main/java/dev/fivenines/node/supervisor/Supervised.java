package dev.fivenines.node.supervisor;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One process the supervisor keeps running (a role instance, Kafka, PostgreSQL): restarted with
 * {@link RestartBackoff} whenever it exits, each exit and restart recorded as a
 * {@link SupervisorEvents} line. Alive-but-not-ready is only reported (UNHEALTHY): what to do about
 * a sick process is the autopilot's decision. Thread-safe: the supervisor's loop, the launch tasks
 * and the shutdown hook meet here.
 */
public final class Supervised {
    private static final Logger LOG = Logger.getLogger(Supervised.class.getName());
    /** How long {@link #stop} waits for a start in progress to give up before stopping what it left. */
    private static final Duration LAUNCH_ABANDON_WAIT = Duration.ofSeconds(30);
    /**
     * A ready process is UNHEALTHY after this many failed probes in a row (a kubelet's failureThreshold):
     * on a loaded 2-core box one probe in a while times out, and one is no state to report.
     */
    static final int UNHEALTHY_AFTER_FAILED_PROBES = 3;

    /** The supervisor's view of the process; every transition is in {@link #TRANSITIONS}. */
    public enum State { NEW, LAUNCHING, STARTING, READY, UNHEALTHY, BACKING_OFF, STOPPED }

    private static final Map<State, Set<State>> TRANSITIONS = Map.of(
            State.NEW, EnumSet.of(State.LAUNCHING, State.STOPPED),
            State.LAUNCHING, EnumSet.of(State.STARTING, State.BACKING_OFF, State.STOPPED),
            State.STARTING, EnumSet.of(State.READY, State.BACKING_OFF, State.STOPPED),
            State.READY, EnumSet.of(State.UNHEALTHY, State.BACKING_OFF, State.STOPPED),
            State.UNHEALTHY, EnumSet.of(State.READY, State.BACKING_OFF, State.STOPPED),
            State.BACKING_OFF, EnumSet.of(State.LAUNCHING, State.STOPPED),
            State.STOPPED, EnumSet.noneOf(State.class));

    /** What {@code cluster.json} and the tests see, taken under the lock. */
    public record Snapshot(String name, String role, State state, Instant since, long pid, int restarts, int attempt,
                           Instant nextAttemptAt, ExitStatus lastExit) {
        /** The state as the CLI names it. */
        public ClusterState.InstanceState shown() {
            return switch (state) {
                case NEW, LAUNCHING, STARTING -> restarts > 0 || attempt > 0 ? ClusterState.InstanceState.RESTARTING
                        : ClusterState.InstanceState.STARTING;
                case READY -> ClusterState.InstanceState.READY;
                case UNHEALTHY -> ClusterState.InstanceState.UNHEALTHY;
                case BACKING_OFF -> ClusterState.InstanceState.RESTARTING;
                case STOPPED -> ClusterState.InstanceState.STOPPED;
            };
        }
    }

    private final String name;
    private final String role;
    private final Running.Launcher launcher;
    private final Running.Probe probe;
    private final RestartBackoff backoff;
    private final Clock clock;
    private final SupervisorEvents events;

    private State state = State.NEW;
    private Instant since;
    private Running running;
    /** Bumped per run, so a probe answer about an earlier run is dropped. */
    private long generation;
    private int failedProbes;
    private int restarts;
    private Instant nextAttemptAt;
    private Instant exitedAt;
    private ExitStatus lastExit;
    private Future<?> launch;
    private CountDownLatch launchDone = new CountDownLatch(0);

    public Supervised(String name, String role, Running.Launcher launcher, Running.Probe probe,
                      RestartBackoff.Policy policy, Clock clock, SupervisorEvents events) {
        this.name = Objects.requireNonNull(name, "name");
        this.role = Objects.requireNonNull(role, "role");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
        this.backoff = new RestartBackoff(policy, clock);
        this.since = clock.instant();
    }

    public String name() {
        return name;
    }

    public String role() {
        return role;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(name, role, state, since, running == null ? 0 : running.pid(), restarts, backoff.attempt(),
                state == State.BACKING_OFF ? nextAttemptAt : null, lastExit);
    }

    /** The current run, if any. */
    public synchronized Running running() {
        return running;
    }

    /** The first start, on the caller's thread (start-up); throws when it could not be started. */
    public void launchNow() throws IOException, InterruptedException {
        synchronized (this) {
            moveTo(State.LAUNCHING);
        }
        Running started;
        try {
            started = launcher.start();
        } catch (IOException | InterruptedException | RuntimeException e) {
            synchronized (this) {
                if (state != State.STOPPED) {
                    moveTo(State.STOPPED);
                }
            }
            throw e;
        }
        boolean stoppedMeanwhile;
        synchronized (this) {
            stoppedMeanwhile = state == State.STOPPED;
            if (!stoppedMeanwhile) {
                begin(started);
            }
        }
        if (stoppedMeanwhile) {
            started.stop(Duration.ofSeconds(15));
        }
    }

    /**
     * One step of supervision at the clock's now: notices an exit (and schedules the restart), and
     * starts a restart that is due on {@code launches}. Never blocks on the process.
     */
    public synchronized void check(ExecutorService launches) {
        Instant now = clock.instant();
        if (isRunState(state) && !running.isAlive()) {
            onExit(now);
        }
        if (state == State.BACKING_OFF && !now.isBefore(nextAttemptAt)) {
            moveTo(State.LAUNCHING);
            CountDownLatch done = new CountDownLatch(1);
            launchDone = done;
            launch = launches.submit(() -> relaunch(done));
        }
    }

    /** Asks the probe about the current run (outside the lock: a probe takes time) and records the answer. */
    public void probe() {
        Running current;
        long probedGeneration;
        synchronized (this) {
            if (!isRunState(state)) {
                return;
            }
            current = running;
            probedGeneration = generation;
        }
        boolean ready = current.isAlive() && probe.ready(current);
        synchronized (this) {
            if (generation != probedGeneration || !isRunState(state) || !current.isAlive()) {
                return; // it exited or was restarted meanwhile; check() deals with that
            }
            if (ready && state != State.READY) {
                boolean wasRestart = state == State.STARTING && restarts > 0;
                moveTo(State.READY);
                if (wasRestart) {
                    long down = exitedAt == null ? 0 : Duration.between(exitedAt, clock.instant()).toMillis();
                    LOG.info(name + " (pid " + current.pid() + ") is ready again, " + down + " ms after it exited");
                    record(SupervisorEvents.Type.READY, current.pid(), null, null, null, down, null);
                }
                failedProbes = 0;
            } else if (ready) {
                failedProbes = 0;
            } else if (state == State.READY && ++failedProbes >= UNHEALTHY_AFTER_FAILED_PROBES) {
                LOG.warning(name + " (pid " + current.pid() + ") is alive but failed " + failedProbes
                        + " readiness probes in a row");
                moveTo(State.UNHEALTHY);
            }
        }
    }

    /** Stops supervising and stops the process (SIGTERM, SIGKILL after {@code grace}); no restart follows. */
    public void stop(Duration grace) {
        Running toStop;
        Future<?> inFlight;
        CountDownLatch done;
        synchronized (this) {
            if (state == State.STOPPED) {
                toStop = running;
                inFlight = null;
                done = launchDone;
            } else {
                moveTo(State.STOPPED);
                toStop = running;
                inFlight = launch;
                done = launchDone;
            }
        }
        if (inFlight != null && !inFlight.isDone()) {
            inFlight.cancel(true); // a launcher abandons its start when interrupted
        }
        try {
            if (!done.await(LAUNCH_ABANDON_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.severe(name + ": a start in progress did not give up within " + LAUNCH_ABANDON_WAIT
                        + "; a process it launched may be left (down stops it by the pid in cluster.json)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (toStop != null) {
            toStop.stop(grace);
        }
    }

    private void relaunch(CountDownLatch done) {
        try {
            Running started;
            try {
                started = launcher.start();
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    if (state == State.LAUNCHING) {
                        Duration delay = backoff.exited();
                        schedule(delay);
                        LOG.log(Level.WARNING, name + ": restart attempt " + backoff.attempt() + " failed; next in " + delay, e);
                        record(SupervisorEvents.Type.RESTART_FAILED, null, null, delay, null, null, e.getMessage());
                    }
                }
                return;
            } catch (InterruptedException e) {
                synchronized (this) {
                    if (state == State.LAUNCHING) { // not stop(): count it as a failed attempt and try again
                        Duration delay = backoff.exited();
                        schedule(delay);
                        LOG.warning(name + ": restart attempt " + backoff.attempt() + " was interrupted; next in " + delay);
                        record(SupervisorEvents.Type.RESTART_FAILED, null, null, delay, null, null, "interrupted");
                    } else {
                        LOG.info(name + ": start abandoned (the supervisor is stopping)");
                    }
                }
                return;
            }
            boolean abandoned;
            synchronized (this) {
                abandoned = state != State.LAUNCHING;
                if (!abandoned) {
                    restarts++;
                    begin(started);
                    LOG.info(name + " restarted as pid " + started.pid() + " (attempt " + backoff.attempt() + ")");
                    record(SupervisorEvents.Type.RESTARTED, started.pid(), null, null, null, null, null);
                }
            }
            if (abandoned) {
                started.stop(Duration.ofSeconds(15));
            }
        } finally {
            done.countDown();
        }
    }

    private void begin(Running started) {
        running = started;
        generation++;
        failedProbes = 0;
        backoff.started();
        moveTo(State.STARTING);
    }

    private void onExit(Instant now) {
        Duration uptime = backoff.uptime();
        lastExit = ExitStatus.of(running.exitCode());
        exitedAt = now;
        Duration delay = backoff.exited();
        schedule(delay);
        LOG.warning(name + " (pid " + running.pid() + ") exited with " + lastExit.describe() + " after "
                + uptime.toMillis() + " ms; restart attempt " + backoff.attempt() + " in " + delay);
        record(SupervisorEvents.Type.EXITED, running.pid(), uptime.toMillis(), delay, lastExit, null, null);
    }

    private void schedule(Duration delay) {
        moveTo(State.BACKING_OFF);
        nextAttemptAt = since.plus(delay);
    }

    private void record(SupervisorEvents.Type type, Long pid, Long uptimeMillis, Duration nextDelay, ExitStatus exit,
                        Long downMillis, String error) {
        // The time of the transition the event reports, so it and nextAttemptAt agree to the nanosecond.
        events.record(new SupervisorEvents.Event(SupervisorEvents.FORMAT, since, type.wireName(), name, role, pid,
                exit == null ? null : exit.exitCode(), exit == null ? null : exit.signal(), backoff.attempt(),
                nextDelay == null ? null : nextDelay.toMillis(), nextDelay == null ? null : nextAttemptAt,
                uptimeMillis, downMillis, error));
    }

    private void moveTo(State next) {
        if (!TRANSITIONS.get(state).contains(next)) {
            throw new IllegalStateException(name + ": illegal transition " + state + " -> " + next);
        }
        state = next;
        since = clock.instant();
    }

    private static boolean isRunState(State s) {
        return s == State.STARTING || s == State.READY || s == State.UNHEALTHY;
    }
}
