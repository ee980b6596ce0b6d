package dev.fivenines.edge;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Polls each upstream's readiness endpoint and updates what the edge believes. A probe has a short
 * deadline, so one hung instance cannot delay the others' verdicts.
 */
public final class HealthProber implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HealthProber.class.getName());
    public static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    private static final String READINESS_PATH = "/observe/health/ready";
    private static final byte[] NO_BODY = new byte[0];

    private final List<UpstreamPool> pools;
    private final UpstreamClient client;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("edge-health-prober").daemon().factory());

    /** @param client sends the probes; its request timeout is the probe's deadline */
    public HealthProber(List<UpstreamPool> pools, UpstreamClient client) {
        this.pools = pools;
        this.client = client;
    }

    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::probeAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void probeAll() {
        for (UpstreamPool pool : pools) {
            for (Upstream upstream : pool.all()) {
                boolean up = probe(upstream);
                if (up != upstream.healthy()) {
                    LOG.info("upstream " + upstream.name() + " is now " + (up ? "healthy" : "unhealthy"));
                }
                upstream.markHealth(up);
            }
        }
    }

    private boolean probe(Upstream upstream) {
        try {
            // Any answer but 200, or none within the deadline, is "not ready".
            return client.send(upstream.baseUri(), READINESS_PATH, "GET", headers -> {
            }, NO_BODY) instanceof UpstreamClient.Answered answered && answered.status() == 200;
        } catch (RuntimeException e) {
            // Caught so the schedule goes on: a task that throws is never run again.
            LOG.log(Level.WARNING, "probing " + upstream.name() + " failed; counted as not ready", e);
            return false;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
