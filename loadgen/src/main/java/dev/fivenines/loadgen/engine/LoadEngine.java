package dev.fivenines.loadgen.engine;

import dev.fivenines.base.Check;
import dev.fivenines.loadgen.history.HistorySink;
import dev.fivenines.loadgen.scenario.Phase;
import dev.fivenines.loadgen.scenario.Scenario;
import dev.fivenines.loadgen.scenario.SessionKind;
import dev.fivenines.loadgen.schedule.ArrivalSchedule;
import dev.fivenines.loadgen.schedule.RateCurve;
import dev.fivenines.loadgen.stats.Stats;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * The open-loop generator. One scheduler thread walks the arrival schedule and starts each session
 * at its intended time on the session executor, whether or not earlier sessions have finished:
 * a slow shop gets more concurrent sessions, not fewer requests (the closed-loop mistake that hides
 * overload). Concurrency is capped at {@code maxInFlight}; an arrival over the cap is counted as
 * dropped by the generator. The run ends by itself when the schedule ends (duration or session
 * count), after waiting at most {@code drainTimeoutMillis} for sessions still in flight.
 *
 * <p>In sequential mode there is no schedule: sessions run one after another on the calling
 * thread, which measures the latency of an unloaded shop (e.g. {@code --checkouts 100 --sequential}).
 *
 * <p>The engine owns the executor it is given and shuts it down at the end of {@link #run()}.
 *
 * <p>Call {@link #run()} from a thread of your own (the CLI's main thread), never from a task of the
 * common fork-join pool: {@code run()} blocks until the last session ends, and on a 2-core machine
 * that pool has a single worker that other code may be waiting for.
 */
public final class LoadEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LoadEngine.class.getName());

    /** @param drainTimeoutMillis how long to wait after the last arrival for sessions to finish */
    public record Settings(Scenario scenario, String runId, boolean sequential, long drainTimeoutMillis) {
    }

    /** How the run went, beside what {@link Stats} measured. */
    public record RunResult(long runStartNanos, long durationNanos, boolean stoppedEarly) {
    }

    private final Settings settings;
    private final Transport transport;
    private final Ticker ticker;
    private final RandomGenerator.SplittableGenerator random;
    private final ExecutorService executor;
    private final Stats stats;
    private final HistorySink history;
    private final Semaphore inFlight;
    private volatile boolean stopping;
    private volatile Thread runner;
    private volatile long runStartNanos;

    public LoadEngine(Settings settings, Transport transport, Ticker ticker, RandomGenerator.SplittableGenerator random,
                      ExecutorService executor, Stats stats, HistorySink history) {
        this.settings = settings;
        this.transport = transport;
        this.ticker = ticker;
        this.random = random;
        this.executor = executor;
        this.stats = stats;
        this.history = history;
        this.inFlight = new Semaphore(settings.scenario().maxInFlight());
    }

    public RunResult run() {
        Check.state(runner == null, "a LoadEngine runs once");
        runner = Thread.currentThread();
        Scenario scenario = settings.scenario();
        // Separate streams: arrival times must not shift when a session draws more or fewer random numbers.
        RandomGenerator arrivalRandom = random.split();
        RandomGenerator.SplittableGenerator sessionRandom = random.split();
        RateCurve curve = new RateCurve(scenario.phases());
        runStartNanos = ticker.nanoTime();
        ShopCalls calls = new ShopCalls(transport, ticker, runStartNanos, scenario.requestTimeoutMillis(), stats, history);
        SessionRunner sessions = new SessionRunner(scenario, calls, ticker, new KnownOrders(1_024), () -> stopping,
                settings.runId());
        try {
            if (settings.sequential()) {
                runSequential(scenario, curve, sessionRandom, sessions);
            } else {
                runOpenLoop(scenario, curve, arrivalRandom, sessionRandom, sessions);
            }
        } finally {
            drain();
        }
        return new RunResult(runStartNanos, ticker.nanoTime() - runStartNanos, stopping);
    }

    private void runOpenLoop(Scenario scenario, RateCurve curve, RandomGenerator arrivalRandom,
                             RandomGenerator.SplittableGenerator sessionRandom, SessionRunner sessions) {
        ArrivalSchedule schedule = new ArrivalSchedule(curve, scenario.arrivals(), arrivalRandom, scenario.maxSessions());
        List<Phase> phases = scenario.phases();
        for (ArrivalSchedule.Arrival a = schedule.next(); a != null && !stopping; a = schedule.next()) {
            long intended = runStartNanos + a.offsetNanos();
            try {
                ticker.sleepUntil(intended);
            } catch (InterruptedException e) {
                stopping = true;
                break;
            }
            // Drawn before the cap is consulted, so sessions get the same kind and randomness whatever is dropped.
            SessionKind kind = phases.get(a.phaseIndex()).mix().pick(sessionRandom);
            RandomGenerator r = sessionRandom.split();
            if (!inFlight.tryAcquire()) {
                stats.sessionDropped(a.offsetNanos());
                continue;
            }
            Session session = new Session(a.sequence(), kind, intended, r);
            stats.sessionStarted(a.offsetNanos());
            try {
                executor.execute(() -> runSession(sessions, session));
            } catch (RejectedExecutionException e) {
                inFlight.release();
                LOG.warning("session " + a.sequence() + " could not be started (executor rejected it); counted as dropped");
                stats.sessionDropped(a.offsetNanos());
            }
        }
    }

    private void runSequential(Scenario scenario, RateCurve curve, RandomGenerator.SplittableGenerator sessionRandom,
                               SessionRunner sessions) {
        long total = curve.totalNanos();
        for (long i = 0; !stopping && (scenario.maxSessions() == 0 || i < scenario.maxSessions()); i++) {
            long now = ticker.nanoTime();
            long offset = now - runStartNanos;
            if (offset >= total || Thread.currentThread().isInterrupted()) {
                break;
            }
            SessionKind kind = scenario.phases().get(curve.phaseAt(offset)).mix().pick(sessionRandom);
            Session session = new Session(i, kind, now, sessionRandom.split());
            inFlight.acquireUninterruptibly();
            stats.sessionStarted(offset);
            runSession(sessions, session);
        }
    }

    private void runSession(SessionRunner sessions, Session session) {
        try {
            if (!sessions.run(session)) {
                stats.sessionAbandoned();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "session " + session.id() + " (" + session.kind().key() + ") failed in the generator", e);
            stats.sessionFailed();
        } finally {
            inFlight.release();
        }
    }

    private void drain() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(settings.drainTimeoutMillis(), TimeUnit.MILLISECONDS)) {
                stopping = true;
                int cut = settings.scenario().maxInFlight() - inFlight.availablePermits();
                LOG.warning(cut + " sessions still running " + settings.drainTimeoutMillis()
                        + " ms after the last arrival; interrupting them (recorded as abandoned)");
                executor.shutdownNow();
                if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.severe("sessions did not stop within 10 s of being interrupted");
                }
            }
        } catch (InterruptedException e) {
            stopping = true;
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Sessions running right now. */
    public int inFlight() {
        return settings.scenario().maxInFlight() - inFlight.availablePermits();
    }

    /** Ticker reading at the start of the run (0 before {@link #run()} starts). */
    public long runStartNanos() {
        return runStartNanos;
    }

    /** Stops scheduling new sessions; sessions in flight finish (or are cut at the drain timeout). */
    @Override
    public void close() {
        stopping = true;
        Thread t = runner;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }
}
