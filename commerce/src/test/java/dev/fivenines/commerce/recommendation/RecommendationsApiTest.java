package dev.fivenines.commerce.recommendation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static dev.fivenines.commerce.recommendation.RecommendationServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/recommendations} and {@code /admin/faults} through a real Helidon server and PostgreSQL. */
class RecommendationsApiTest {
    private static final String TOKEN_HEADER = "Bearer " + RecommendationFixture.ADMIN_TOKEN;
    @RegisterExtension
    static final RecommendationServer server = new RecommendationServer("recommendations_api");

    private static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private static List<String> invalidFields(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        List<String> fields = new ArrayList<>();
        json(response).path("errors").forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }

    @Test
    void givenAMugBoughtMostOftenWithTea_whenAskedForTwo_thenTeaComesFirstThenTheTiedPartnersById() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/recommendations?product=mug&limit=2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = json(response);
        assertThat(body.path("product").asText()).isEqualTo("mug");
        assertThat(body.path("source").asText()).isEqualTo("co-purchase");
        assertThat(ids(body)).containsExactly("tea", "kettle");
        JsonNode tea = body.path("items").get(0);
        assertThat(tea.path("name").asText()).isEqualTo("Tea");
        assertThat(tea.path("price").path("amount").asText()).isEqualTo("8.00");
        assertThat(tea.path("price").path("currency").asText()).isEqualTo("EUR");
    }

    @Test
    void givenFewerCatalogPartnersThanTheDefaultLimit_whenAsked_thenTopSellersFillUpAndUncataloguedProductsAreLeftOut() throws Exception {
        JsonNode body = json(server.get("/api/v1/recommendations?product=mug"));

        assertThat(ids(body)).containsExactly("tea", "kettle", "spoon", "cup");
        assertThat(body.path("source").asText()).isEqualTo("co-purchase");
    }

    @Test
    void givenAProductNobodyHasBought_whenAsked_thenTopSellersAreAnswered() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/recommendations?product=no-such-product&limit=3");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(ids(body)).containsExactly("cup", "mug", "tea");
        assertThat(body.path("source").asText()).isEqualTo("top-sellers");
    }

    @Test
    void givenNoProduct_whenAsked_then400NamesTheProductField() throws Exception {
        assertThat(invalidFields(server.get("/api/v1/recommendations"))).containsExactly("product");
        assertThat(invalidFields(server.get("/api/v1/recommendations?product="))).containsExactly("product");
    }

    @Test
    void givenAProductIdLongerThan64Characters_whenAsked_then400() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/recommendations?product=" + "p".repeat(65));

        assertThat(invalidFields(response)).containsExactly("product");
        assertThat(json(response).path("detail").asText()).contains("at most 64");
    }

    @Test
    void givenALimitOutsideOneToTwenty_whenAsked_then400NamesTheLimit() throws Exception {
        for (String limit : List.of("0", "21", "-1", "abc", "1.5", "99999999999")) {
            assertThat(invalidFields(server.get("/api/v1/recommendations?product=mug&limit=" + limit)))
                    .as("limit=%s", limit).containsExactly("limit");
        }
    }

    @Test
    void givenBothParametersWrong_whenAsked_thenOne400ListsBoth() throws Exception {
        assertThat(invalidFields(server.get("/api/v1/recommendations?limit=abc"))).containsExactlyInAnyOrder("product", "limit");
    }

    @Test
    void givenAnInjectedFailureRateOfOne_whenAsked_then503ProblemWithRetryAfter() throws Exception {
        HttpResponse<String> set = server.put("/admin/faults", "{\"extraLatencyMillis\":0,\"failureRate\":1.0}",
                "Authorization", TOKEN_HEADER);
        assertThat(set.statusCode()).isEqualTo(200);

        HttpResponse<String> response = server.get("/api/v1/recommendations?product=mug");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("retry-after")).hasValue("1");
        assertThat(json(response).path("detail").asText()).contains("fault is injected");
    }

    @Test
    void givenInjectedFailures_whenTheRequestIsInvalid_thenItIsStillA400NotA5xx() throws Exception {
        server.fixture().services.faults().set(new RecommendationFaults.Settings(0, 1.0));

        assertThat(invalidFields(server.get("/api/v1/recommendations?limit=0&product=mug"))).containsExactly("limit");
    }

    @Test
    void givenInjectedLatency_whenAsked_thenTheServerWaitsThatLongThenAnswersNormally() throws Exception {
        server.put("/admin/faults", "{\"extraLatencyMillis\":1500,\"failureRate\":0}", "Authorization", TOKEN_HEADER);

        HttpResponse<String> response = server.get("/api/v1/recommendations?product=mug&limit=1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ids(json(response))).containsExactly("tea");
        assertThat(server.fixture().sleeper.requested).containsExactly(1500L);
    }

    @Test
    void givenNoToken_whenFaultsAreReadOrSet_then401AndTheFaultsStayUnchanged() throws Exception {
        HttpResponse<String> read = server.get("/admin/faults");
        HttpResponse<String> write = server.put("/admin/faults", "{\"extraLatencyMillis\":0,\"failureRate\":1.0}");

        for (HttpResponse<String> response : List.of(read, write)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(json(response).path("detail").asText()).contains("Authorization");
        }
        assertThat(server.fixture().services.faults().current()).isEqualTo(RecommendationFaults.Settings.NONE);
    }

    @Test
    void givenAWrongTokenOrScheme_whenFaultsAreSet_then401AndTheFaultsStayUnchanged() throws Exception {
        HttpResponse<String> wrongToken = server.put("/admin/faults", "{\"extraLatencyMillis\":0,\"failureRate\":1.0}",
                "Authorization", TOKEN_HEADER + "x");
        HttpResponse<String> wrongScheme = server.put("/admin/faults", "{\"extraLatencyMillis\":0,\"failureRate\":1.0}",
                "Authorization", "Basic " + RecommendationFixture.ADMIN_TOKEN);

        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(json(wrongToken).path("detail").asText()).contains("not valid");
        assertThat(wrongScheme.statusCode()).isEqualTo(401);
        assertThat(json(wrongScheme).path("detail").asText()).contains("Bearer scheme");
        assertThat(server.fixture().services.faults().current()).isEqualTo(RecommendationFaults.Settings.NONE);
    }

    @Test
    void givenTheToken_whenFaultsAreSet_thenTheyAreAnsweredAndReadBack() throws Exception {
        HttpResponse<String> set = server.put("/admin/faults", "{\"extraLatencyMillis\":250,\"failureRate\":0.25}",
                "Authorization", TOKEN_HEADER);
        HttpResponse<String> read = server.get("/admin/faults", "Authorization", TOKEN_HEADER);

        for (HttpResponse<String> response : List.of(set, read)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).path("extraLatencyMillis").asLong()).isEqualTo(250);
            assertThat(json(response).path("failureRate").asDouble()).isEqualTo(0.25);
        }
        assertThat(server.fixture().services.faults().current()).isEqualTo(new RecommendationFaults.Settings(250, 0.25));
    }

    @Test
    void givenOutOfRangeFaults_whenSet_then400ListsBothFieldsAndNothingChanges() throws Exception {
        HttpResponse<String> response = server.put("/admin/faults", "{\"extraLatencyMillis\":60001,\"failureRate\":1.5}",
                "Authorization", TOKEN_HEADER);

        assertThat(invalidFields(response)).containsExactlyInAnyOrder("extraLatencyMillis", "failureRate");
        assertThat(server.fixture().services.faults().current()).isEqualTo(RecommendationFaults.Settings.NONE);
    }

    @Test
    void givenAMissingOrUnknownField_whenFaultsAreSet_then400NamesIt() throws Exception {
        assertThat(invalidFields(server.put("/admin/faults", "{\"failureRate\":0.5}", "Authorization", TOKEN_HEADER)))
                .containsExactly("extraLatencyMillis");
        assertThat(invalidFields(server.put("/admin/faults", "{\"extraLatencyMillis\":1,\"failureRate\":0.5,\"x\":1}",
                "Authorization", TOKEN_HEADER))).containsExactly("x");
    }
}
