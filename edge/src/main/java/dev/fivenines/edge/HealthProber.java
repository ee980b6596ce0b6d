package dev.fivenines.edge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Polls each upstream's readiness endpoint and updates what the edge believes. A probe has a short
 * deadline, so one hung instance cannot delay the others' verdicts.
 */
public final class HealthProber implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HealthProber.class.getName());
    public static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    private final List<UpstreamPool> pools;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("edge-health-prober").daemon().factory());

    public HealthProber(List<UpstreamPool> pools, HttpClient client) {
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
            HttpRequest request = HttpRequest.newBuilder(URI.create(upstream.baseUri() + "/observe/health/ready"))
                    .timeout(PROBE_TIMEOUT).GET().build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return upstream.healthy();
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
