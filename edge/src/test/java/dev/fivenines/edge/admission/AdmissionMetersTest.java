package dev.fivenines.edge.admission;

import dev.fivenines.web.server.NodeServer;
import dev.fivenines.traffic.Criticality;
import dev.fivenines.traffic.admission.AdmissionConfig;
import dev.fivenines.traffic.admission.AdmissionController;
import dev.fivenines.traffic.admission.Decision;
import dev.fivenines.traffic.admission.Ticket;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionMetersTest {
    @Test
    void givenBrowsingShedAndCheckoutsAdmittedTheScrapeShowsBothByClassReasonAndUpstream() throws Exception {
        AdmissionConfig config = AdmissionConfig.builder().fixedLimit(4).queueCapacity(0).build();
        AdmissionController controller = AdmissionController.create(config, System::nanoTime);
        AdmissionMeters.register(Metrics.globalRegistry(), "metrics-test", controller);
        for (int i = 0; i < 3; i++) {
            assertThat(controller.offer(Ticket.of(Criticality.CRITICAL_PLUS))).isInstanceOf(Decision.Admitted.class);
        }
        // SHEDDABLE_PLUS may fill 3 of 4: nothing left for it
        assertThat(controller.offer(new Ticket(Criticality.SHEDDABLE_PLUS, 0.5, "page", true)))
                .isInstanceOf(Decision.Rejected.class);

        WebServer server = new NodeServer().port(0).start();
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            assertThat(body).containsPattern(
                    "fivenines_admission_admitted_total\\{[^}]*criticality=\"CRITICAL_PLUS\"[^}]*upstream=\"metrics-test\"[^}]*} 3(\\.0)?");
            assertThat(body).containsPattern(
                    "fivenines_admission_rejected_total\\{[^}]*criticality=\"SHEDDABLE_PLUS\"[^}]*reason=\"LIMIT\"[^}]*upstream=\"metrics-test\"[^}]*} 1(\\.0)?");
            assertThat(body).containsPattern(
                    "fivenines_admission_rejected_under_way_total\\{[^}]*criticality=\"SHEDDABLE_PLUS\"[^}]*upstream=\"metrics-test\"[^}]*} 1(\\.0)?");
            assertThat(body).containsPattern("fivenines_admission_inflight\\{[^}]*upstream=\"metrics-test\"[^}]*} 3(\\.0)?");
        } finally {
            server.stop();
        }
    }
}
