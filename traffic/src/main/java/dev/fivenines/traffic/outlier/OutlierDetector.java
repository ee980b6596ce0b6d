package dev.fivenines.traffic.outlier;

import dev.fivenines.base.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Passive outlier ejection for the instances of one role (after Envoy's). An instance is ejected when
 * <ul>
 *   <li>it could not be reached {@code consecutiveErrors} times in a row ({@link #onUnreachable}: the
 *       connection was refused or never made; Envoy's local-origin failures), whatever its peers do;</li>
 *   <li>it failed (timeout, 5xx) {@code consecutiveErrors} times in a row ({@link #onFailure}) and a peer
 *       in rotation fails at most half as often as it does;</li>
 *   <li>its mean latency exceeded {@code slowMillis} in {@value #SLOW_WINDOWS} windows in a row (each at least
 *       a second and {@value #MIN_WINDOW_SAMPLES} successes) and, in each, a peer in rotation was at least
 *       twice as fast ({@link #onSuccess}).</li>
 * </ul>
 * An answer that says "overloaded, retry later" ({@link #onOverloaded}: 503 or 429 with Retry-After)
 * is neither: the instance is alive and shedding, which admission and the client throttle handle.
 * An ejection lasts {@code baseEjectionMillis} times a multiplier that grows by one per ejection
 * (up to 8) and shrinks by one per {@code baseEjectionMillis} the instance then spends in rotation;
 * then the instance returns gradually: its weight ramps from 10% to 100% over
 * {@code rampMillis}. Never more than {@code maxEjectionPercent} of the instances are out at once, so
 * a pool-wide problem cannot eject everything and turn a slowdown into an outage.
 */
public final class OutlierDetector {
    private static final Logger LOG = Logger.getLogger(OutlierDetector.class.getName());
    private static final int MAX_EJECTION_MULTIPLIER = 8;
    private static final int MIN_OUTCOMES = 5;
    /** A latency window closes after this long and {@link #MIN_WINDOW_SAMPLES} successes. */
    static final long WINDOW_NANOS = 1_000_000_000L;
    static final int MIN_WINDOW_SAMPLES = 10;
    /** Consecutive slow windows that eject. */
    static final int SLOW_WINDOWS = 3;
    /** A peer's last window older than this says nothing about now. */
    private static final long PEER_WINDOW_MAX_AGE_NANOS = 10 * WINDOW_NANOS;
    private static final double RAMP_START_WEIGHT = 0.1;
    /** A slow instance is an outlier only if some peer is at least this many times faster. */
    static final double PEER_FACTOR = 2.0;
    /**
     * Smoothing of each instance's failure rate (1 per failure, 0 per success; a plain mean over its
     * first 100 outcomes): about the last 100 outcomes, the value that rarely ejects one of two
     * instances failing alike (docs/decisions/012-outlier-failures-relative-to-peers.md).
     */
    static final double FAILURE_ALPHA = 0.01;

    public record Settings(int consecutiveErrors, int slowMillis, int baseEjectionMillis, int maxEjectionPercent,
                           int rampMillis) {
        public Settings {
            Check.inRange("traffic.outlier.consecutiveErrors", consecutiveErrors, 1, 1_000);
            Check.inRange("traffic.outlier.slowMillis", slowMillis, 1, 600_000);
            Check.inRange("traffic.outlier.baseEjectionMillis", baseEjectionMillis, 1, 3_600_000);
            Check.inRange("traffic.outlier.maxEjectionPercent", maxEjectionPercent, 0, 100);
            Check.inRange("traffic.outlier.rampMillis", rampMillis, 0, 3_600_000);
        }

        public static final int DEFAULT_CONSECUTIVE_ERRORS = 5;
        public static final int DEFAULT_SLOW_MILLIS = 2_000;
        public static final int DEFAULT_BASE_EJECTION_MILLIS = 10_000;
        public static final int DEFAULT_MAX_EJECTION_PERCENT = 50;
        public static final int DEFAULT_RAMP_MILLIS = 10_000;

        public static Settings defaults() {
            return builder().build();
        }

        /** Every field starts at its named default. */
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private int consecutiveErrors = DEFAULT_CONSECUTIVE_ERRORS;
            private int slowMillis = DEFAULT_SLOW_MILLIS;
            private int baseEjectionMillis = DEFAULT_BASE_EJECTION_MILLIS;
            private int maxEjectionPercent = DEFAULT_MAX_EJECTION_PERCENT;
            private int rampMillis = DEFAULT_RAMP_MILLIS;

            private Builder() {
            }

            public Builder consecutiveErrors(int consecutiveErrors) {
                this.consecutiveErrors = consecutiveErrors;
                return this;
            }

            public Builder slowMillis(int slowMillis) {
                this.slowMillis = slowMillis;
                return this;
            }

            public Builder baseEjectionMillis(int baseEjectionMillis) {
                this.baseEjectionMillis = baseEjectionMillis;
                return this;
            }

            public Builder maxEjectionPercent(int maxEjectionPercent) {
                this.maxEjectionPercent = maxEjectionPercent;
                return this;
            }

            public Builder rampMillis(int rampMillis) {
                this.rampMillis = rampMillis;
                return this;
            }

            public Settings build() {
                return new Settings(consecutiveErrors, slowMillis, baseEjectionMillis, maxEjectionPercent, rampMillis);
            }
        }
    }

    /** What the detector knows about one instance; guarded by the detector. */
    public static final class Host {
        private final String name;
        private int consecutiveErrors;
        private long windowStartNanos;
        private double windowSumNanos;
        private int windowSamples;
        /** The mean latency of the last closed window, and when it closed (NaN before the first). */
        private double lastWindowMeanNanos = Double.NaN;
        private long lastWindowEndNanos;
        private int slowWindows;
        private double failureRate;
        private int outcomes;
        private long ejectedUntilNanos;
        private boolean ejected;
        private int ejections;
        /** The last ejection's length in base ejection times: grows per ejection, shrinks while in rotation. */
        private int multiplier;
        private long overloadAnswers;
        /** When "outlier but kept" may be logged again, and how often it was decided since. */
        private long nextKeptLogNanos;
        private long keptSinceLog;
        private boolean keptLogged;

        private Host(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }
    }

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final List<Host> hosts = new ArrayList<>();

    public OutlierDetector(Settings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    public synchronized Host register(String name) {
        Host host = new Host(name);
        hosts.add(host);
        return host;
    }

    /**
     * A success and its latency. Latency is judged per window (at least {@link #WINDOW_NANOS} and
     * {@link #MIN_WINDOW_SAMPLES} successes) by the window's mean, and an instance is ejected only
     * after {@value #SLOW_WINDOWS} slow windows in a row: a moving average of a few successes of two
     * equally overloaded shops crosses "twice as slow" again and again, a window mean does not, and a
     * really slower instance still goes within about three seconds
     * (docs/decisions/011-outlier-latency-by-window-and-peers.md, OutlierDetectorTest).
     */
    public synchronized void onSuccess(Host host, long latencyNanos) {
        host.consecutiveErrors = 0;
        recordOutcome(host, 0.0);
        long now = nanoTime.getAsLong();
        if (host.windowSamples == 0) {
            host.windowStartNanos = now;
        }
        host.windowSumNanos += latencyNanos;
        host.windowSamples++;
        if (host.windowSamples < MIN_WINDOW_SAMPLES || now - host.windowStartNanos < WINDOW_NANOS) {
            return;
        }
        double mean = host.windowSumNanos / host.windowSamples;
        host.windowSamples = 0;
        host.windowSumNanos = 0;
        host.lastWindowMeanNanos = mean;
        host.lastWindowEndNanos = now;
        double fastestPeer = fastestPeerWindow(host, now);
        boolean slow = mean > settings.slowMillis() * 1_000_000.0
                && (Double.isNaN(fastestPeer) || mean >= PEER_FACTOR * fastestPeer);
        host.slowWindows = slow ? host.slowWindows + 1 : 0;
        if (host.slowWindows >= SLOW_WINDOWS) {
            eject(host, String.format("mean latency %.0f ms > %d ms in %d windows in a row%s", mean / 1e6,
                    settings.slowMillis(), host.slowWindows, Double.isNaN(fastestPeer) ? ""
                            : String.format(" (fastest peer %.0f ms)", fastestPeer / 1e6)));
        }
    }

    /**
     * The fastest recent window mean among the other instances in rotation, or NaN when none has one.
     * Slow like the rest of the pool (no peer at least {@value #PEER_FACTOR}x faster) means the pool is
     * overloaded, not this instance broken, and ejecting it only moves its share onto the others
     * (docs/decisions/011-outlier-latency-by-window-and-peers.md). An instance with no peer to compare
     * with is judged by {@code slowMillis} alone.
     */
    private double fastestPeerWindow(Host host, long now) {
        double fastest = Double.NaN;
        for (Host peer : hosts) {
            refresh(peer, now);
            if (peer != host && !peer.ejected && !Double.isNaN(peer.lastWindowMeanNanos)
                    && now - peer.lastWindowEndNanos <= PEER_WINDOW_MAX_AGE_NANOS
                    && (Double.isNaN(fastest) || peer.lastWindowMeanNanos < fastest)) {
                fastest = peer.lastWindowMeanNanos;
            }
        }
        return fastest;
    }

    /**
     * The instance could not be reached (no connection could be made): it is down or going down, and
     * its peers' health says nothing about that. A connection reset after sending is a failure.
     */
    public synchronized void onUnreachable(Host host) {
        host.consecutiveErrors++;
        recordOutcome(host, 1.0);
        if (host.consecutiveErrors >= settings.consecutiveErrors()) {
            eject(host, host.consecutiveErrors + " consecutive connection failures");
        }
    }

    /**
     * The instance was reached but failed the request (timeout, 5xx other than an overload answer).
     * Ejected after {@code consecutiveErrors} in a row only if it fails more than its peers (see
     * {@link #failsLikeItsPeers}): in a flood every instance times out alike, and ejecting each in
     * turn doubles the others' load (docs/decisions/012-outlier-failures-relative-to-peers.md).
     */
    public synchronized void onFailure(Host host) {
        host.consecutiveErrors++;
        recordOutcome(host, 1.0);
        if (host.consecutiveErrors >= settings.consecutiveErrors() && !failsLikeItsPeers(host)) {
            eject(host, String.format("%d consecutive errors (failure rate %.0f%%)", host.consecutiveErrors,
                    100 * host.failureRate));
        }
    }

    /**
     * The instance answered that it is overloaded (503 or 429 with Retry-After): it is alive and shedding
     * load. Neither a failure nor a latency sample; the streak of failures is not broken either.
     */
    public synchronized void onOverloaded(Host host) {
        host.overloadAnswers++;
    }

    private static void recordOutcome(Host host, double failure) {
        host.outcomes++;
        host.failureRate += Math.max(FAILURE_ALPHA, 1.0 / host.outcomes) * (failure - host.failureRate);
    }

    /**
     * Failing like the rest of the pool: no other instance in rotation (with enough outcomes) fails
     * at most half as often. An instance with no peer to compare with is judged by its streak alone.
     */
    private boolean failsLikeItsPeers(Host host) {
        long now = nanoTime.getAsLong();
        boolean comparable = false;
        for (Host peer : hosts) {
            refresh(peer, now);
            if (peer != host && !peer.ejected && peer.outcomes >= MIN_OUTCOMES) {
                if (peer.failureRate <= host.failureRate / 2) {
                    return false;
                }
                comparable = true;
            }
        }
        return comparable;
    }

    /** Overload answers seen from this instance (shown on the admin API beside its ejections). */
    public synchronized long overloadAnswers(Host host) {
        return host.overloadAnswers;
    }

    /** The smoothed failure rate (0..1) the peer comparison uses. */
    public synchronized double failureRate(Host host) {
        return host.failureRate;
    }

    /** 0 while ejected, ramping from 0.1 to 1 after return, 1 when fully trusted. */
    public synchronized double weight(Host host) {
        long now = nanoTime.getAsLong();
        refresh(host, now);
        if (host.ejected) {
            return 0.0;
        }
        long sinceReturn = now - host.ejectedUntilNanos;
        long rampNanos = settings.rampMillis() * 1_000_000L;
        if (host.ejections == 0 || rampNanos == 0 || sinceReturn >= rampNanos) {
            return 1.0;
        }
        return RAMP_START_WEIGHT + (1.0 - RAMP_START_WEIGHT) * sinceReturn / (double) rampNanos;
    }

    public synchronized boolean ejected(Host host) {
        refresh(host, nanoTime.getAsLong());
        return host.ejected;
    }

    public synchronized int ejections(Host host) {
        return host.ejections;
    }

    private void refresh(Host host, long now) {
        if (host.ejected && now - host.ejectedUntilNanos >= 0) {
            host.ejected = false;
            LOG.info("upstream " + host.name + " returns from ejection, ramping up over " + settings.rampMillis() + " ms");
        }
    }

    private void eject(Host host, String why) {
        long now = nanoTime.getAsLong();
        refresh(host, now);
        if (host.ejected) {
            return;
        }
        long out = hosts.stream().filter(h -> {
            refresh(h, now);
            return h.ejected;
        }).count();
        if ((out + 1) * 100 > (long) settings.maxEjectionPercent() * hosts.size()) {
            // Decided on every failed request while it lasts (hundreds of lines a second, decision 012):
            // logged at most once per base ejection time, with the count since.
            host.keptSinceLog++;
            if (!host.keptLogged || now - host.nextKeptLogNanos >= 0) {
                LOG.warning("upstream " + host.name + " is an outlier (" + why + ") but " + out + " of " + hosts.size()
                        + " are already ejected (max " + settings.maxEjectionPercent() + "%): keeping it"
                        + (host.keptSinceLog > 1 ? " (" + host.keptSinceLog + " such decisions since the last line)" : ""));
                host.keptLogged = true;
                host.keptSinceLog = 0;
                host.nextKeptLogNanos = now + settings.baseEjectionMillis() * 1_000_000L;
            }
            return;
        }
        long baseNanos = settings.baseEjectionMillis() * 1_000_000L;
        if (host.ejections > 0) {
            // Envoy's decay: each base ejection time spent back in rotation takes one step off the
            // multiplier, so a flood's ejections are not paid for minutes later (decision 012).
            host.multiplier = (int) Math.max(0, host.multiplier - (now - host.ejectedUntilNanos) / baseNanos);
        }
        host.multiplier = Math.min(host.multiplier + 1, MAX_EJECTION_MULTIPLIER);
        host.ejections++;
        host.ejected = true;
        long duration = baseNanos * host.multiplier;
        host.ejectedUntilNanos = now + duration;
        host.consecutiveErrors = 0;
        host.windowSamples = 0;
        host.windowSumNanos = 0;
        host.lastWindowMeanNanos = Double.NaN;
        host.slowWindows = 0;
        host.failureRate = 0;
        host.outcomes = 0;
        LOG.warning("upstream " + host.name + " ejected for " + duration / 1_000_000 + " ms: " + why);
    }
}
