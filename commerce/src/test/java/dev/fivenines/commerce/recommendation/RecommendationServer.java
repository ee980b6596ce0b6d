package dev.fivenines.commerce.recommendation;

import dev.fivenines.base.Json;
import dev.fivenines.web.ApiRoutes;
import dev.fivenines.web.ProblemHandlers;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The recommendations role's routes on a real Helidon server (port 0), seeded with a small catalog
 * and order history:
 *
 * <pre>
 * mug+tea x3, mug+spoon, mug+kettle, mug+gone (gone is not in the catalog), cup x10 units alone
 * popularity: cup 10, mug 6, tea 3, gone 1, kettle 1, spoon 1
 * </pre>
 */
final class RecommendationServer implements AutoCloseable {
    final RecommendationFixture fixture;
    final WebServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RecommendationServer(String name) {
        fixture = new RecommendationFixture(name);
        fixture.product("mug", "Mug", 1200);
        fixture.product("tea", "Tea", 800);
        fixture.product("spoon", "Spoon", 300);
        fixture.product("kettle", "Kettle", 4500);
        fixture.product("cup", "Cup", 500);
        for (int i = 0; i < 3; i++) {
            fixture.order(1, "mug", "tea");
        }
        fixture.order(1, "mug", "spoon");
        fixture.order(1, "mug", "kettle");
        fixture.order(1, "mug", "gone");
        fixture.order(10, "cup");

        HttpRouting.Builder routing = ProblemHandlers.install(HttpRouting.builder());
        fixture.services.api().register(new ApiRoutes(routing));
        fixture.services.registerAdmin(routing);
        server = WebServer.builder().host("127.0.0.1").port(0).routing(routing).build().start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl().resolve(path)).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl().resolve(path)).timeout(Duration.ofSeconds(20))
                .PUT(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static com.fasterxml.jackson.databind.JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body());
    }

    /** Back to normal between tests: no faults, no held requests. */
    void reset() {
        fixture.services.faults().clear();
        fixture.sleeper.release();
        fixture.sleeper.requested.clear();
        fixture.random.next = 0.5;
    }

    @Override
    public void close() {
        fixture.sleeper.release();
        server.stop();
        http.close();
        fixture.close();
    }
}
