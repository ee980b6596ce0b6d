package dev.fivenines.traffic.admission;

import com.netflix.concurrency.limits.Limit;
import dev.fivenines.base.Check;
import dev.fivenines.traffic.Criticality;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Admission control for one node: a global in-flight limit (adaptive, from Netflix
 * concurrency-limits) shared by the four criticality classes, with bounded per-class wait queues.
 *
 * <p>Partitioning: class {@code c} may only be admitted while in-flight is below its share of the
 * limit ({@link AdmissionConfig#capFor}); shares shrink with criticality, so the top of the limit
 * is always headroom that only more critical classes use. Freed slots go to the most critical
 * waiting class first. A higher class is therefore never refused a slot that a lower class holds
 * and could give up: the only capacity a lower class keeps is work already started, which is
 * never pre-empted.
 *
 * <p>Queues (CoDel-style, after Facebook's adaptive LIFO): a queue that has not been empty for
 * {@code codelInterval} is standing; then waiters older than {@code codelTarget} are dropped before
 * any work starts and the newest waiter is served first (it is the one whose client is still
 * there); a request of a session under way keeps the whole queue timeout. Otherwise waiters get {@code queueTimeout} and are served oldest first. Within a class
 * a request of a session already under way goes first, then the higher value score, and a full
 * queue evicts its lowest-ranked waiter ({@link Ticket#compareRank}).
 *
 * <p>All state changes happen under one lock, so the limit holds under any interleaving; time
 * comes from the injected {@code nanoTime}.
 *
 * <p>{@link LatencyGuard} (optional): when checkout's recent latency is over its target, the
 * shares of the lower classes shrink (AIMD) until it is not. {@link NewSessionGate}: when a request
 * of a session under way is shed, new sessions may fill less of their class (AIMD) until none is.
 *
 * <p>{@link AdmissionMode}: besides this adaptive scheme ({@code ADAPTIVE}), the controller can be
 * switched to admit everything ({@code OFF}) or to a fixed, class-blind Resilience4j bulkhead
 * ({@code BULKHEAD}), so a benchmark can compare the three on the same warm cluster.
 */
public final class AdmissionController {
    private static final int CLASSES = Criticality.values().length;

    /** A request waiting for a slot; its result completes with Admitted or Rejected exactly once. */
    public static final class Waiter {
        private final Ticket ticket;
        private final long enqueuedNanos;
        private final CompletableFuture<Decision> result = new CompletableFuture<>();

        private Waiter(Ticket ticket, long enqueuedNanos) {
            this.ticket = ticket;
            this.enqueuedNanos = enqueuedNanos;
        }

        public Ticket ticket() {
            return ticket;
        }

        long enqueuedNanos() {
            return enqueuedNanos;
        }

        /** Completes with {@link Decision.Admitted} or {@link Decision.Rejected}; never exceptionally. */
        public CompletableFuture<Decision> result() {
            return result;
        }
    }

    /** What the admin API and the benchmarks see. */
    public record Snapshot(AdmissionMode mode, boolean enabled, Criticality shedBelow, int limit, double guardFactor,
                           double guardTargetMillis, double guardHostCpuLoad, List<Double> newSessionFactorByClass,
                           int inflight, List<Integer> inflightByClass,
                           List<Integer> queuedByClass, Map<String, Object> counts) {
    }

    private final AdmissionConfig config;
    private final Limit limit;
    private final LongSupplier nanoTime;
    private final AdmissionMetrics metrics = new AdmissionMetrics();
    private final ShedLog shedLog;
    private final Object lock = new Object();
    private final List<ClassQueue> queues = new ArrayList<>(CLASSES);
    /** Last time each class had spare capacity (admitted at once or its queue served empty). */
    private final long[] lastDrainedNanos = new long[CLASSES];
    private final int[] inflightByClass = new int[CLASSES];
    private int inflight;
    private final Bulkhead bulkhead;
    private final LatencyGuard guard;
    private final NewSessionGate sessionGate;
    private volatile AdmissionMode mode = AdmissionMode.ADAPTIVE;
    /** True in ADAPTIVE mode: the in-flight limit and queues apply. */
    private volatile boolean enabled = true;
    private volatile Criticality shedBelow;

    public AdmissionController(AdmissionConfig config, Limit limit, LongSupplier nanoTime, ShedLog shedLog) {
        this(config, limit, nanoTime, shedLog, BulkheadSettings.defaults());
    }

    public AdmissionController(AdmissionConfig config, Limit limit, LongSupplier nanoTime, ShedLog shedLog,
                               BulkheadSettings bulkheadSettings) {
        this(config, limit, nanoTime, shedLog, bulkheadSettings, LatencyGuard.Settings.off());
    }

    public AdmissionController(AdmissionConfig config, Limit limit, LongSupplier nanoTime, ShedLog shedLog,
                               BulkheadSettings bulkheadSettings, LatencyGuard.Settings guardSettings) {
        this(config, limit, nanoTime, shedLog, bulkheadSettings, guardSettings, HostCpu::load);
    }

    /** @param hostCpuLoad the host's CPU load for the guard's {@code busyCpuLoad} (tests pass their own) */
    public AdmissionController(AdmissionConfig config, Limit limit, LongSupplier nanoTime, ShedLog shedLog,
                               BulkheadSettings bulkheadSettings, LatencyGuard.Settings guardSettings,
                               DoubleSupplier hostCpuLoad) {
        Objects.requireNonNull(bulkheadSettings, "bulkheadSettings");
        this.guard = new LatencyGuard(guardSettings, nanoTime.getAsLong(), hostCpuLoad);
        this.bulkhead = Bulkhead.of("admission", BulkheadConfig.custom()
                .maxConcurrentCalls(bulkheadSettings.maxConcurrent())
                .maxWaitDuration(java.time.Duration.ofMillis(bulkheadSettings.maxWaitMillis()))
                .fairCallHandlingStrategyEnabled(true)
                .build());
        this.config = config;
        this.limit = limit;
        this.nanoTime = nanoTime;
        this.shedLog = shedLog;
        long now = nanoTime.getAsLong();
        this.sessionGate = new NewSessionGate(CLASSES, TimeUnit.MILLISECONDS.toNanos(config.codelIntervalMillis()), now);
        for (int c = 0; c < CLASSES; c++) {
            queues.add(new ClassQueue());
            lastDrainedNanos[c] = now;
        }
    }

    public static AdmissionController create(AdmissionConfig config, LongSupplier nanoTime) {
        return new AdmissionController(config, Limits.create(config), nanoTime,
                new ShedLog(nanoTime, TimeUnit.SECONDS.toNanos(1)));
    }

    /**
     * Admits at once, rejects at once, or queues. Never blocks, except in BULKHEAD mode (up to the
     * bulkhead's maxWait). A {@link Decision.Queued} caller must either wait for its result or call
     * {@link #cancel}.
     */
    public Decision offer(Ticket ticket) {
        if (mode == AdmissionMode.BULKHEAD) {
            // The Resilience4j bulkhead has no queue to hand back: it may wait up to its maxWait here.
            return acquireBulkhead(ticket);
        }
        Rejection rejection;
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            Criticality c = ticket.criticality();
            Criticality level = shedBelow;
            if (level != null && c.lessCriticalThan(level)) {
                rejection = rejectionLocked(RejectReason.FORCED_SHED, ticket, 0);
            } else {
                dispatchLocked(now);
                if (!enabled || (inflight < capLocked(ticket, now) && queues.get(c.ordinal()).isEmpty())) {
                    lastDrainedNanos[c.ordinal()] = now;
                    return new Decision.Admitted(admitLocked(ticket, now, 0));
                }
                if (config.queueCapacity() == 0 || config.queueTimeoutMillis() == 0) {
                    rejection = shedLocked(RejectReason.LIMIT, ticket, 0, now);
                } else {
                    Optional<Rejection> full = makeRoomLocked(ticket, now);
                    if (full.isPresent()) {
                        rejection = full.get();
                    } else {
                        Waiter waiter = new Waiter(ticket, now);
                        queues.get(c.ordinal()).add(waiter);
                        return new Decision.Queued(waiter);
                    }
                }
            }
        }
        return rejected(rejection);
    }

    /**
     * Blocking form for thread-per-request callers (virtual threads): waits in the queue at most
     * the queue timeout. Returns Admitted or Rejected, never Queued.
     */
    public Decision acquire(Ticket ticket) {
        Decision decision = offer(ticket);
        return decision instanceof Decision.Queued queued ? acquireQueued(queued.waiter()) : decision;
    }

    /**
     * The fixed bulkhead: blind to class and value, it waits (on the caller's thread) for a call slot
     * at most its configured wait. Forced shedding still applies, as in every mode.
     */
    private Decision acquireBulkhead(Ticket ticket) {
        Criticality level = shedBelow;
        if (level != null && ticket.criticality().lessCriticalThan(level)) {
            Rejection forced;
            synchronized (lock) {
                forced = rejectionLocked(RejectReason.FORCED_SHED, ticket, 0);
            }
            return rejected(forced);
        }
        long start = nanoTime.getAsLong();
        if (!bulkhead.tryAcquirePermission()) {
            Rejection full;
            synchronized (lock) {
                full = rejectionLocked(RejectReason.BULKHEAD_FULL, ticket, nanoTime.getAsLong() - start);
            }
            return rejected(full);
        }
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            return new Decision.Admitted(admitLocked(ticket, now, now - start, true));
        }
    }

    /** Waits for a queued request at most the queue timeout, then gives up; never returns Queued. */
    public Decision acquireQueued(Waiter waiter) {
        try {
            return waiter.result().get(config.queueTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return cancel(waiter);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // May still be Admitted if a slot came just before the interrupt; the caller releases it.
            return cancel(waiter);
        } catch (ExecutionException e) {
            throw new IllegalStateException("admission waiter completed exceptionally", e);
        }
    }

    /** Gives up waiting: returns the waiter's final decision (it may have been admitted meanwhile). */
    public Decision cancel(Waiter waiter) {
        Rejection rejection;
        synchronized (lock) {
            if (waiter.result.isDone()) {
                return waiter.result.join();
            }
            long now = nanoTime.getAsLong();
            removeLocked(waiter, now);
            rejection = shedLocked(RejectReason.QUEUE_TIMEOUT, waiter.ticket, now - waiter.enqueuedNanos, now);
            waiter.result.complete(new Decision.Rejected(rejection));
        }
        countAndLog(rejection);
        return new Decision.Rejected(rejection);
    }

    /** Runs deadlines and hands freed capacity to waiters; call it when time passes without traffic. */
    public void tick() {
        synchronized (lock) {
            dispatchLocked(nanoTime.getAsLong());
        }
    }

    void release(Permit permit, Outcome outcome) {
        if (permit.holdsBulkheadCall()) {
            bulkhead.onComplete();
        }
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            int ci = permit.criticality().ordinal();
            inflight--;
            inflightByClass[ci]--;
            Check.state(inflight >= 0 && inflightByClass[ci] >= 0, "in-flight went negative: %s total, %s for %s",
                    inflight, inflightByClass[ci], permit.criticality());
            if (outcome == Outcome.SUCCESS && permit.criticality() == Criticality.CRITICAL_PLUS) {
                // Busy: the request started with the node at half its limit or more, or the node shed
                // work under its own load while it ran or just before (what wanted to run was at least
                // half the limit; see LatencyGuard#refusedForLoad): once the guard has squeezed the lower
                // classes few requests are in flight while the flood being refused still takes the CPU.
                // A shed that only the squeeze caused is not load: a neighbour's CPU must not keep it.
                boolean shedding = guard.shedUnderOwnLoadSince(permit.startNanos());
                guard.record(now - permit.startNanos(), 2 * permit.inflightAtStart() >= limitLocked() || shedding, now);
            }
            if (outcome != Outcome.IGNORED) {
                limit.onSample(permit.startNanos(), now - permit.startNanos(), permit.inflightAtStart(),
                        outcome == Outcome.DROPPED);
            }
            dispatchLocked(now);
        }
    }

    /** Counts and logs a rejection decided outside the controller (a client quota) like our own. */
    public Decision.Rejected recordExternal(Rejection rejection) {
        return rejected(rejection);
    }

    private Decision.Rejected rejected(Rejection rejection) {
        countAndLog(rejection);
        return new Decision.Rejected(rejection);
    }

    private void countAndLog(Rejection rejection) {
        metrics.rejected(rejection);
        shedLog.record(rejection);
    }

    private Permit admitLocked(Ticket ticket, long now, long queuedNanos) {
        return admitLocked(ticket, now, queuedNanos, false);
    }

    private Permit admitLocked(Ticket ticket, long now, long queuedNanos, boolean bulkheadCall) {
        int lim = limitLocked();
        Check.state(!enabled || bulkheadCall || inflight < lim, "admitting %s would exceed the in-flight limit: %s >= %s",
                ticket.criticality(), inflight, lim);
        inflight++;
        inflightByClass[ticket.criticality().ordinal()]++;
        metrics.admitted(ticket.criticality());
        return new Permit(this, ticket, now, inflight, queuedNanos, bulkheadCall);
    }

    /** Drops stale waiters and admits the best remaining ones, most critical class first. */
    private void dispatchLocked(long now) {
        List<Rejection> dropped = new ArrayList<>();
        boolean blocked = false;
        for (int ci = 0; ci < CLASSES; ci++) {
            ClassQueue queue = queues.get(ci);
            if (queue.isEmpty()) {
                continue;
            }
            // Standing: no spare capacity for this class for a whole interval (drops do not count as draining).
            boolean standing = now - lastDrainedNanos[ci] >= TimeUnit.MILLISECONDS.toNanos(config.codelIntervalMillis());
            long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.queueTimeoutMillis());
            long maxWaitNanos = standing ? TimeUnit.MILLISECONDS.toNanos(config.codelTargetMillis()) : timeoutNanos;
            for (Waiter w : queue.removeExpired(now, maxWaitNanos, timeoutNanos)) {
                Rejection r = shedLocked(RejectReason.QUEUE_TIMEOUT, w.ticket, now - w.enqueuedNanos, now);
                w.result.complete(new Decision.Rejected(r));
                dropped.add(r);
            }
            Criticality c = Criticality.values()[ci];
            // A more critical class still waiting means no slot may go to this one. The best waiter
            // is a session under way if any waits, so a new session's cap blocks only new sessions.
            while (!blocked && !queue.isEmpty()) {
                Waiter best = queue.best(standing);
                if (enabled && inflight >= capLocked(best.ticket, now)) {
                    blocked = true;
                    break;
                }
                queue.remove(best);
                best.result.complete(new Decision.Admitted(admitLocked(best.ticket, now, now - best.enqueuedNanos)));
            }
            if (queue.isEmpty() && (!enabled || inflight < capLocked(c, now))) {
                lastDrainedNanos[ci] = now;
            }
        }
        dropped.forEach(this::countAndLog);
    }

    /**
     * A full queue evicts its lowest-ranked (then oldest) waiter for a newcomer ranked at least as
     * high (see {@link Ticket#compareRank}).
     */
    private Optional<Rejection> makeRoomLocked(Ticket ticket, long now) {
        ClassQueue queue = queues.get(ticket.criticality().ordinal());
        if (queue.size() < config.queueCapacity()) {
            return Optional.empty();
        }
        Waiter worst = queue.worst();
        if (worst.ticket.compareRank(ticket) > 0) {
            return Optional.of(shedLocked(RejectReason.QUEUE_FULL, ticket, 0, now));
        }
        queue.remove(worst);
        Rejection evicted = shedLocked(RejectReason.EVICTED, worst.ticket, now - worst.enqueuedNanos, now);
        worst.result.complete(new Decision.Rejected(evicted));
        countAndLog(evicted);
        return Optional.empty();
    }

    private void removeLocked(Waiter waiter, long now) {
        int ci = waiter.ticket.criticality().ordinal();
        queues.get(ci).remove(waiter);
        dispatchLocked(now);
    }

    /** A rejection for load (not forced, not a quota): one of a session under way also narrows the gate for new ones. */
    private Rejection shedLocked(RejectReason reason, Ticket ticket, long queuedNanos, long now) {
        int queued = 0;
        for (ClassQueue q : queues) {
            queued += q.size();
        }
        guard.refusedForLoad(now, inflight, queued, limitLocked(), TimeUnit.MILLISECONDS.toNanos(config.codelTargetMillis()));
        if (ticket.sessionUnderWay()) {
            sessionGate.underWayShed(ticket.criticality().ordinal(), now);
        }
        return rejectionLocked(reason, ticket, queuedNanos);
    }

    private Rejection rejectionLocked(RejectReason reason, Ticket ticket, long queuedNanos) {
        int retryAfter = config.retryAfterSeconds() * (1 + ticket.criticality().ordinal());
        return new Rejection(reason, ticket.criticality(), ticket.valueScore(), ticket.label(), limitLocked(), inflight,
                queuedNanos, retryAfter, ticket.sessionUnderWay());
    }

    /**
     * The class's cap for a session under way (or without session); a share of it for a new session,
     * never less than the next lower class's cap, so a new session's request is still never shed
     * while a less critical request could take a slot.
     */
    private int capLocked(Ticket ticket, long now) {
        Criticality c = ticket.criticality();
        int cap = capLocked(c, now);
        if (ticket.sessionUnderWay()) {
            return cap;
        }
        double f = sessionGate.factor(c.ordinal(), now);
        if (f >= 1.0) {
            return cap;
        }
        int floor = c.ordinal() + 1 < CLASSES ? capLocked(Criticality.values()[c.ordinal() + 1], now) : 1;
        return Math.min(cap, Math.max(floor, (int) Math.floor(cap * f)));
    }

    private int capLocked(Criticality c, long now) {
        int cap = config.capFor(c, limitLocked());
        double scale = guard.scaleFor(c.ordinal(), now);
        return scale >= 1.0 ? cap : Math.max(1, (int) Math.floor(cap * scale));
    }

    private int limitLocked() {
        return Math.clamp(limit.getLimit(), config.minLimit(), config.maxLimit());
    }

    /** Sheds every class less critical than {@code level} at once; null stops forced shedding. */
    public void shedBelow(Criticality level) {
        this.shedBelow = level;
    }

    public Criticality shedBelow() {
        return shedBelow;
    }

    /** Shorthand for {@link #mode}: true = ADAPTIVE, false = OFF. */
    public void enabled(boolean on) {
        mode(on ? AdmissionMode.ADAPTIVE : AdmissionMode.OFF);
    }

    /**
     * Switches the admission scheme at once. Requests already admitted finish under the permit they
     * hold; waiters in the adaptive queues are admitted by the next dispatch when leaving ADAPTIVE.
     */
    public void mode(AdmissionMode newMode) {
        Objects.requireNonNull(newMode, "mode");
        synchronized (lock) {
            this.mode = newMode;
            // Outside ADAPTIVE the adaptive limit does not gate (BULKHEAD has its own gate).
            this.enabled = newMode == AdmissionMode.ADAPTIVE;
        }
        tick();
    }

    public AdmissionMode mode() {
        return mode;
    }

    public boolean enabled() {
        return enabled;
    }

    public int limit() {
        synchronized (lock) {
            return limitLocked();
        }
    }

    public int inflight() {
        synchronized (lock) {
            return inflight;
        }
    }

    public AdmissionMetrics metrics() {
        return metrics;
    }

    public AdmissionConfig config() {
        return config;
    }

    public Snapshot snapshot() {
        synchronized (lock) {
            List<Integer> byClass = new ArrayList<>();
            List<Integer> queued = new ArrayList<>();
            List<Double> newSessions = new ArrayList<>();
            long now = nanoTime.getAsLong();
            for (int ci = 0; ci < CLASSES; ci++) {
                newSessions.add(sessionGate.factor(ci, now));
                byClass.add(inflightByClass[ci]);
                queued.add(queues.get(ci).size());
            }
            return new Snapshot(mode, enabled, shedBelow, limitLocked(), guard.factor(now),
                    guard.targetNanos() / 1e6, guard.lastCpuLoad(), newSessions, inflight, byClass,
                    queued, metrics.asMap());
        }
    }
}
