package dev.fivenines.traffic.routing;

import dev.fivenines.base.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Passive outlier ejection for the instances of one role (after Envoy's): an instance that fails
 * {@code consecutiveErrors} times in a row, or whose smoothed latency exceeds {@code slowMillis}
 * while a peer in rotation is at least twice as fast, is ejected for {@code baseEjectionMillis} times the number of times it has been ejected (capped),
 * then returns gradually: its weight ramps from 10% to 100% over {@code rampMillis}. Never more than
 * {@code maxEjectionPercent} of the instances are out at once, so a pool-wide problem cannot eject
 * everything and turn a slowdown into an outage.
 */
public final class OutlierDetector {
    private static final Logger LOG = Logger.getLogger(OutlierDetector.class.getName());
    private static final int MAX_EJECTION_MULTIPLIER = 8;
    private static final int MIN_LATENCY_SAMPLES = 5;
    private static final double EWMA_ALPHA = 0.2;
    private static final double RAMP_START_WEIGHT = 0.1;
    /** A slow instance is an outlier only if some peer is at least this many times faster. */
    static final double PEER_FACTOR = 2.0;

    public record Settings(int consecutiveErrors, int slowMillis, int baseEjectionMillis, int maxEjectionPercent,
                           int rampMillis) {
        public Settings {
            Check.inRange("traffic.outlier.consecutiveErrors", consecutiveErrors, 1, 1_000);
            Check.inRange("traffic.outlier.slowMillis", slowMillis, 1, 600_000);
            Check.inRange("traffic.outlier.baseEjectionMillis", baseEjectionMillis, 1, 3_600_000);
            Check.inRange("traffic.outlier.maxEjectionPercent", maxEjectionPercent, 0, 100);
            Check.inRange("traffic.outlier.rampMillis", rampMillis, 0, 3_600_000);
        }

        public static Settings defaults() {
            return new Settings(5, 2_000, 10_000, 50, 10_000);
        }
    }

    /** What the detector knows about one instance; guarded by the detector. */
    public static final class Host {
        private final String name;
        private int consecutiveErrors;
        private double latencyEwmaNanos;
        private int latencySamples;
        private long ejectedUntilNanos;
        private boolean ejected;
        private int ejections;
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

    public synchronized void onSuccess(Host host, long latencyNanos) {
        host.consecutiveErrors = 0;
        host.latencyEwmaNanos = host.latencySamples == 0 ? latencyNanos
                : host.latencyEwmaNanos + EWMA_ALPHA * (latencyNanos - host.latencyEwmaNanos);
        host.latencySamples++;
        if (host.latencySamples >= MIN_LATENCY_SAMPLES && host.latencyEwmaNanos > settings.slowMillis() * 1_000_000.0
                && !slowAsItsPeers(host)) {
            eject(host, String.format("smoothed latency %.0f ms > %d ms", host.latencyEwmaNanos / 1e6, settings.slowMillis()));
        }
    }

    /**
     * Slow like the rest of the pool: no other instance in rotation (with enough samples) is less than
     * {@value #PEER_FACTOR}x faster. Then the pool is overloaded, not this instance broken, and
     * ejecting it only moves its share onto the others. Measured on the local cluster after a run
     * without admission: shop-1 was ejected for 60 s at a smoothed 2390 ms while shop-2 stood at
     * 2335 ms, and shop-2 then carried everything. An instance with no peer to compare with is judged
     * by {@code slowMillis} alone.
     */
    private boolean slowAsItsPeers(Host host) {
        long now = nanoTime.getAsLong();
        double fastest = Double.NaN;
        for (Host peer : hosts) {
            refresh(peer, now);
            if (peer != host && !peer.ejected && peer.latencySamples >= MIN_LATENCY_SAMPLES
                    && (Double.isNaN(fastest) || peer.latencyEwmaNanos < fastest)) {
                fastest = peer.latencyEwmaNanos;
            }
        }
        return !Double.isNaN(fastest) && host.latencyEwmaNanos < PEER_FACTOR * fastest;
    }

    public synchronized void onFailure(Host host) {
        host.consecutiveErrors++;
        if (host.consecutiveErrors >= settings.consecutiveErrors()) {
            eject(host, host.consecutiveErrors + " consecutive errors");
        }
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
            // Decided on every failed request while it lasts (262 lines in 3 s with recommendations
            // failing): logged at most once per base ejection time, with the count since.
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
        host.ejections++;
        host.ejected = true;
        long duration = (long) settings.baseEjectionMillis() * Math.min(host.ejections, MAX_EJECTION_MULTIPLIER) * 1_000_000L;
        host.ejectedUntilNanos = now + duration;
        host.consecutiveErrors = 0;
        host.latencySamples = 0;
        host.latencyEwmaNanos = 0;
        LOG.warning("upstream " + host.name + " ejected for " + duration / 1_000_000 + " ms: " + why);
    }
}
