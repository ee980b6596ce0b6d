package dev.fivenines.node.roles;

import dev.fivenines.web.server.NodeServer;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class EventMetricsTest {
    @Test
    void relayFiguresAreReadAtScrapeTimeAndServedInPrometheusFormat() throws Exception {
        AtomicLong backlog = new AtomicLong(3);
        AtomicLong published = new AtomicLong(42);
        EventMetrics metrics = new EventMetrics(Metrics.globalRegistry());
        metrics.gauge("fivenines.test.backlog", "test backlog", backlog, AtomicLong::get);
        metrics.counter("fivenines.test.published", "test published", published, AtomicLong::get, java.util.List.of());
        // the registry holds state weakly: what the owners keep alive must still be read after a GC
        System.gc();
        WebServer server = new NodeServer().port(0).start();
        try {
            backlog.set(17);
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();

            assertThat(body).containsPattern("fivenines_test_backlog\\S* 17(\\.0)?");
            assertThat(body).containsPattern("fivenines_test_published_total\\S* 42(\\.0)?");
        } finally {
            server.stop();
        }
    }
}
