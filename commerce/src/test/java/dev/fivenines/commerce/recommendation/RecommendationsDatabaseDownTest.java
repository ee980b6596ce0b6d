package dev.fivenines.commerce.recommendation;

import dev.fivenines.commerce.testing.ApiTestServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RecommendationsDatabaseDownTest {

    @Test
    void givenTheDatabaseIsGone_whenRecommendationsAreAsked_then503WithRetryAfterNot500() throws Exception {
        RecommendationFixture fixture = new RecommendationFixture("recommendations_db_down");
        try (ApiTestServer server = ApiTestServer.start(fixture.services.api())) {
            fixture.db.close();

            HttpResponse<String> response = server.get("/api/v1/recommendations?product=mug");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("retry-after")).hasValue("1");
            assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        } finally {
            fixture.close();
        }
    }
}
