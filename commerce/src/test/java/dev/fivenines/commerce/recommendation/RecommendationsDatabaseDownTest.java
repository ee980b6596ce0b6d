package dev.fivenines.commerce.recommendation;

import dev.fivenines.web.ApiRoutes;
import dev.fivenines.web.ProblemHandlers;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RecommendationsDatabaseDownTest {

    @Test
    void givenTheDatabaseIsGone_whenRecommendationsAreAsked_then503WithRetryAfterNot500() throws Exception {
        RecommendationFixture fixture = new RecommendationFixture("recommendations_db_down");
        HttpRouting.Builder routing = ProblemHandlers.install(HttpRouting.builder());
        fixture.services.api().register(new ApiRoutes(routing));
        WebServer server = WebServer.builder().host("127.0.0.1").port(0).routing(routing).build().start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            fixture.db.close();

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/api/v1/recommendations?product=mug"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("retry-after")).hasValue("1");
            assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        } finally {
            server.stop();
            fixture.close();
        }
    }
}
