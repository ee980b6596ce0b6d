package dev.fivenines.traffic.admission;

import dev.fivenines.base.Check;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Keeps the most critical class fast by squeezing the others: every {@code intervalMillis} it looks
 * at the recent latencies of CRITICAL_PLUS (checkout) and, when their {@code percentile} is over
 * {@code targetMillis}, multiplies a factor by {@code decrease}; when under 70% of the target (or
 * when no checkout ran), it adds {@code increase} back, up to 1. Class {@code c} below CRITICAL_PLUS
 * may then fill {@code share(c) * factor^ordinal(c)} of the limit, so browsing and recommendations
 * give way well before carts do (AIMD, like TCP's congestion window).
 *
 * <p>Why: an adaptive concurrency limit keeps the node's own queue short, but on a box whose CPU is
 * shared the checkout still waits behind admitted browsing for the CPU. The guard is told the
 * latency the business wants for checkout and sheds lower classes until it gets it.
 *
 * <p>Only the node's own load is answered by shedding: the factor falls only when most of the slow
 * checkouts ran while the node was busy (in-flight at least half its limit, or shedding under its own
 * load meanwhile: {@link #refusedForLoad}) and, with {@code busyCpuLoad}, while the host's CPU was
 * that busy. A checkout slow for another reason (a slow payment provider, work that no core is short
 * for, or a program outside the node taking the CPU) leaves browsing alone, and a window of such
 * checkouts gives a step of the squeeze back: squeezing would turn one slow dependency, or a busy
 * neighbour, into an outage of the shop front.
 *
 * <p>Why "own load" and not any shed: the guard's own squeeze refuses requests, and if every such
 * refusal counted, a neighbour keeping the CPU busy kept the squeeze on for good. So a refusal counts
 * only when what wanted to run (in flight, waiting, and refused within one CoDel target) is at least
 * half the limit: a real flood keeps that high, the few carts a squeeze turns away do not.
 *
 * <p>Why the CPU as well: once it had squeezed, every later checkout looked busy, and the factor sat
 * at its floor for whole runs at 2x. See docs/decisions/009-latency-guard-sheds-only-for-own-load.md.
 *
 * <p>Not thread-safe: the {@link AdmissionController} calls it under its lock. Time is the
 * controller's injected clock.
 */
public final class LatencyGuard {
    /**
     * @param targetMillis   checkout latency to hold (at {@code percentile}); 0 turns the guard off
     * @param relativeToUnloaded when above 0, the target becomes the smaller of {@code targetMillis}
     *                       and this multiple of the checkout latency the node saw while not busy
     *                       (its unloaded latency, learned as it runs)
     * @param percentile     which latency of the recent window is compared with the target (e.g. 0.95)
     * @param intervalMillis how often the factor is adjusted
     * @param decrease       multiplier when over target (0..1)
     * @param increase       added when comfortably under target
     * @param minFactor      floor of the factor
     * @param busyCpuLoad    when above 0, a checkout counts as run while the node was busy only if the
     *                       host's CPU was at least this busy (0..1) too; 0 = the node's own signals alone
     */
    public record Settings(int targetMillis, double relativeToUnloaded, double percentile, int intervalMillis, double decrease,
                           double increase, double minFactor, double busyCpuLoad) {
        public Settings {
            Check.inRange("traffic.admission.guard.targetMillis", targetMillis, 0, 60_000);
            Check.inRange("traffic.admission.guard.relativeToUnloaded", relativeToUnloaded, 0.0, 100.0);
            Check.inRange("traffic.admission.guard.percentile", percentile, 0.5, 1.0);
            Check.inRange("traffic.admission.guard.intervalMillis", intervalMillis, 10, 60_000);
            Check.inRange("traffic.admission.guard.decrease", decrease, 0.1, 0.99);
            Check.inRange("traffic.admission.guard.increase", increase, 0.001, 1.0);
            Check.inRange("traffic.admission.guard.minFactor", minFactor, 0.001, 1.0);
            Check.inRange("traffic.admission.guard.busyCpuLoad", busyCpuLoad, 0.0, 1.0);
        }

        public static final double DEFAULT_PERCENTILE = 0.95;
        public static final int DEFAULT_INTERVAL_MILLIS = 250;
        public static final double DEFAULT_DECREASE = 0.7;
        public static final double DEFAULT_INCREASE = 0.05;
        public static final double DEFAULT_MIN_FACTOR = 0.05;

        public static Settings off() {
            return builder().build();
        }

        public static Settings of(int targetMillis) {
            return builder().targetMillis(targetMillis).build();
        }

        /** Off (target 0), every other field at its named default; relative target and CPU gate off. */
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private int targetMillis;
            private double relativeToUnloaded;
            private double percentile = DEFAULT_PERCENTILE;
            private int intervalMillis = DEFAULT_INTERVAL_MILLIS;
            private double decrease = DEFAULT_DECREASE;
            private double increase = DEFAULT_INCREASE;
            private double minFactor = DEFAULT_MIN_FACTOR;
            private double busyCpuLoad;

            private Builder() {
            }

            public Builder targetMillis(int targetMillis) {
                this.targetMillis = targetMillis;
                return this;
            }

            public Builder relativeToUnloaded(double relativeToUnloaded) {
                this.relativeToUnloaded = relativeToUnloaded;
                return this;
            }

            public Builder percentile(double percentile) {
                this.percentile = percentile;
                return this;
            }

            public Builder intervalMillis(int intervalMillis) {
                this.intervalMillis = intervalMillis;
                return this;
            }

            public Builder decrease(double decrease) {
                this.decrease = decrease;
                return this;
            }

            public Builder increase(double increase) {
                this.increase = increase;
                return this;
            }

            public Builder minFactor(double minFactor) {
                this.minFactor = minFactor;
                return this;
            }

            public Builder busyCpuLoad(double busyCpuLoad) {
                this.busyCpuLoad = busyCpuLoad;
                return this;
            }

            public Settings build() {
                return new Settings(targetMillis, relativeToUnloaded, percentile, intervalMillis, decrease, increase,
                        minFactor, busyCpuLoad);
            }
        }

        public boolean enabled() {
            return targetMillis > 0;
        }
    }

    private static final int WINDOW = 128;
    private static final int MIN_SAMPLES = 10;

    private final Settings settings;
    private final long intervalNanos;
    private final long targetNanos;
    private final long[] samples = new long[WINDOW];
    private int count;
    private int busy;
    private long lastAdjustNanos;
    private long lastSampleNanos;
    private double factor = 1.0;
    static final int FLOOR_WINDOWS = 120;
    /** The latest quiet windows' latencies (at the percentile), a ring. */
    private final long[] quietWindows = new long[FLOOR_WINDOWS];
    private int quietCount;
    private int quietNext;
    /** Checkout latency (at the percentile) when the node is not busy, see learnUnloaded; 0 = none yet. */
    private double unloadedNanos;
    private final DoubleSupplier hostCpuLoad;
    private double cpuLoad = -1;
    /** When a request was last refused under the node's own load; long ago at first. */
    private long lastOwnLoadShedNanos;
    private long refusalWindowStartNanos;
    private int refusalsInWindow;

    public LatencyGuard(Settings settings, long nowNanos) {
        this(settings, nowNanos, HostCpu::load);
    }

    /**
     * @param hostCpuLoad the host's recent CPU load in [0, 1] (negative: unknown), asked for every
     *                    busy checkout; {@link HostCpu#load} rate-limits the readings for the process
     */
    public LatencyGuard(Settings settings, long nowNanos, DoubleSupplier hostCpuLoad) {
        this.settings = settings;
        this.hostCpuLoad = hostCpuLoad;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(settings.intervalMillis());
        this.targetNanos = TimeUnit.MILLISECONDS.toNanos(settings.targetMillis());
        this.lastAdjustNanos = nowNanos;
        this.lastOwnLoadShedNanos = nowNanos - TimeUnit.DAYS.toNanos(1);
        this.refusalWindowStartNanos = nowNanos;
    }

    /**
     * A request was refused for load (not forced, not a quota) with {@code inflight} running and
     * {@code queued} waiting. It was refused under the node's own load when those plus the refusals
     * of the last {@code windowNanos} (the CoDel target: the wait a standing queue allows, so the
     * refusals in it stand for the queue that was not let form) are at least half the limit.
     */
    void refusedForLoad(long nowNanos, int inflight, int queued, int limit, long windowNanos) {
        if (nowNanos - refusalWindowStartNanos >= windowNanos) {
            refusalWindowStartNanos = nowNanos;
            refusalsInWindow = 0;
        }
        refusalsInWindow++;
        if (2L * (inflight + queued + refusalsInWindow) >= limit) {
            lastOwnLoadShedNanos = nowNanos;
        }
    }

    /** Whether a request was refused under the node's own load since one interval before {@code startNanos}. */
    boolean shedUnderOwnLoadSince(long startNanos) {
        return lastOwnLoadShedNanos - startNanos >= -intervalNanos;
    }

    /**
     * One CRITICAL_PLUS request finished successfully after {@code latencyNanos}; {@code nodeBusy}
     * says whether the node was near its limit then (only then can shedding others make it faster).
     */
    void record(long latencyNanos, boolean nodeBusy, long nowNanos) {
        if (!settings.enabled()) {
            return;
        }
        lastSampleNanos = nowNanos;
        if (count < WINDOW) {
            samples[count++] = latencyNanos;
            if (nodeBusy && hostBusy()) {
                busy++;
            }
        }
        adjust(nowNanos);
    }

    /**
     * Whether the host's CPU is busy enough for shedding to make checkout faster: always when
     * {@code busyCpuLoad} is 0 or the load is unknown.
     */
    private boolean hostBusy() {
        if (settings.busyCpuLoad() <= 0) {
            return true;
        }
        cpuLoad = hostCpuLoad.getAsDouble();
        return cpuLoad < 0 || cpuLoad >= settings.busyCpuLoad();
    }

    /** The host's CPU load last read for {@link #hostBusy}; negative before the first or when unknown. */
    double lastCpuLoad() {
        return cpuLoad;
    }

    /** The current factor, adjusted first if an interval has passed. */
    double factor(long nowNanos) {
        if (!settings.enabled()) {
            return 1.0;
        }
        adjust(nowNanos);
        return factor;
    }

    /** What class {@code ordinal} may fill of its share: factor^ordinal (CRITICAL_PLUS, ordinal 0, always 1). */
    double scaleFor(int ordinal, long nowNanos) {
        double f = factor(nowNanos);
        return ordinal == 0 || f >= 1.0 ? 1.0 : Math.pow(f, ordinal);
    }

    private void adjust(long nowNanos) {
        if (nowNanos - lastAdjustNanos < intervalNanos) {
            return;
        }
        if (count == 0) {
            // No checkout finished: nothing to protect. Recover one step per interval that passed.
            long intervals = (nowNanos - lastAdjustNanos) / intervalNanos;
            lastAdjustNanos = nowNanos;
            raise(intervals);
            return;
        }
        // A percentile of three samples is their maximum: wait for enough of them, or for four intervals.
        if (count < MIN_SAMPLES && nowNanos - lastAdjustNanos < 4 * intervalNanos) {
            return;
        }
        lastAdjustNanos = nowNanos;
        long[] window = Arrays.copyOf(samples, count);
        Arrays.sort(window);
        long observed = window[Math.min(count - 1, (int) Math.ceil(settings.percentile() * count) - 1)];
        boolean mostlyBusy = 2 * busy >= count;
        count = 0;
        busy = 0;
        if (!mostlyBusy) {
            learnUnloaded(observed);
        }
        long target = targetNanos();
        if (observed > target && mostlyBusy) {
            factor = Math.max(settings.minFactor(), factor * settings.decrease());
        } else if (observed < target * 0.7 || !mostlyBusy) {
            // Not busy: whatever made checkout slow, the squeeze is not lowering the node's own load.
            // One step per judged window, however long it took to fill: raising by the intervals it
            // spanned let browsing back faster than x0.7 took it out
            // (docs/decisions/010-latency-guard-step-and-unloaded-floor.md).
            // Intervals in which no checkout finished at all still count one step each, as below.
            raise(1 + (nowNanos - lastSampleNanos) / intervalNanos);
        }
    }

    /**
     * The unloaded latency is the floor of what checkout takes when the node is not busy: the 10th
     * percentile of the last {@value #FLOOR_WINDOWS} quiet windows' latencies. Windows that are not
     * "busy" still include loaded ones (the node's own in-flight count cannot see a neighbour taking
     * the CPU), and a baseline that rises with load loosens the guard exactly when it is needed; see
     * docs/decisions/010-latency-guard-step-and-unloaded-floor.md. A lasting change (a slower payment
     * provider) moves it once it fills most of the last {@value #FLOOR_WINDOWS} quiet windows (minutes).
     */
    private void learnUnloaded(long observed) {
        quietWindows[quietNext] = observed;
        quietNext = (quietNext + 1) % FLOOR_WINDOWS;
        quietCount = Math.min(quietCount + 1, FLOOR_WINDOWS);
        long[] sorted = Arrays.copyOf(quietWindows, quietCount);
        Arrays.sort(sorted);
        unloadedNanos = sorted[(int) (0.1 * quietCount)];
    }

    private void raise(long steps) {
        factor = factor + settings.increase() * steps;
        // Whole steps of a decimal increase do not sum to exactly 1.0.
        if (factor > 1.0 - 1e-9) {
            factor = 1.0;
        }
    }

    /** The latency the guard holds now: the configured target, or less once the unloaded latency is known. */
    long targetNanos() {
        if (settings.relativeToUnloaded() > 0 && unloadedNanos > 0) {
            return Math.min(targetNanos, (long) (settings.relativeToUnloaded() * unloadedNanos));
        }
        return targetNanos;
    }

    public Settings settings() {
        return settings;
    }
}
