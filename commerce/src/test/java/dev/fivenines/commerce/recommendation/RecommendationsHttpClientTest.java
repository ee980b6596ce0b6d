package dev.fivenines.commerce.recommendation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shop-side client against the real recommendations routes on a real Helidon server. */
class RecommendationsHttpClientTest {
    @RegisterExtension
    static final RecommendationServer server = new RecommendationServer("recommendations_client");

    @Test
    void givenAHealthyService_whenAskedForTwo_thenItReturnsTheRecommendedIdsBestFirst() {
        try (var client = new RecommendationsHttpClient(server.baseUrl(), Duration.ofSeconds(5))) {
            assertThat(client.recommend("mug", 2)).containsExactly("tea", "kettle");
        }
    }

    @Test
    void givenAProductIdThatNeedsEncoding_whenAsked_thenItReachesTheServerIntactAndGetsTopSellers() {
        try (var client = new RecommendationsHttpClient(URI.create(server.baseUrl() + "/"), Duration.ofSeconds(5))) {
            assertThat(client.recommend("a b&limit=20", 3)).containsExactly("cup", "mug", "tea");
        }
    }

    @Test
    void givenAServiceSlowerThanTheDeadline_whenAsked_thenTheCallFailsWithATimeoutSoTheCallerCanFallBack() {
        // The server holds the request until released: it is slower than any deadline.
        server.fixture().sleeper.holdRequests();
        server.fixture().services.faults().set(new RecommendationFaults.Settings(10_000, 0.0));

        try (var client = new RecommendationsHttpClient(server.baseUrl(), Duration.ofMillis(100))) {
            assertThatThrownBy(() -> client.recommend("mug", 5))
                    .isInstanceOf(RecommendationsUnavailableException.class)
                    .hasMessageContaining("no answer within 100 ms")
                    .cause().isInstanceOfAny(TimeoutException.class, HttpTimeoutException.class);
        } finally {
            server.fixture().sleeper.release();
        }
    }

    @Test
    void givenAFailingService_whenAsked_thenTheCallFailsNamingTheStatus() {
        server.fixture().services.faults().set(new RecommendationFaults.Settings(0, 1.0));

        try (var client = new RecommendationsHttpClient(server.baseUrl(), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> client.recommend("mug", 5))
                    .isInstanceOf(RecommendationsUnavailableException.class)
                    .hasMessageContaining("answered 503");
        }
    }

    @Test
    void givenNothingListening_whenAsked_thenTheCallFails() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        try (var client = new RecommendationsHttpClient(URI.create("http://127.0.0.1:" + freePort), Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> client.recommend("mug", 5))
                    .isInstanceOf(RecommendationsUnavailableException.class)
                    .hasMessageContaining("failed");
        }
    }

    @Test
    void givenABadArgumentOrSetting_thenTheClientRefusesItBeforeCalling() {
        try (var client = new RecommendationsHttpClient(server.baseUrl())) {
            assertThatThrownBy(() -> client.recommend("mug", 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("limit must be in [1, 20]");
            assertThatThrownBy(() -> client.recommend("", 5)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new RecommendationsHttpClient(server.baseUrl(), Duration.ofSeconds(6)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be in");
        assertThatThrownBy(() -> new RecommendationsHttpClient(URI.create("ftp://x"), Duration.ofMillis(150)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
