package dev.fivenines.commerce.recommendation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.commerce.testing.ApiTestServer;
import dev.fivenines.web.ApiRoutes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.net.http.HttpResponse;

/**
 * The recommendations role's routes on a real Helidon server (port 0), seeded with a small catalog
 * and order history:
 *
 * <pre>
 * mug+tea x3, mug+spoon, mug+kettle, mug+gone (gone is not in the catalog), cup x10 units alone
 * popularity: cup 10, mug 6, tea 3, gone 1, kettle 1, spoon 1
 * </pre>
 *
 * A JUnit extension: register it as a static field; it starts before the class's first test, goes
 * back to normal after each test and closes after the last.
 */
final class RecommendationServer implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final String name;
    private RecommendationFixture fixture;
    private ApiTestServer server;

    RecommendationServer(String name) {
        this.name = name;
    }

    RecommendationFixture fixture() {
        return fixture;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
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

        server = ApiTestServer.withRoutes(routing -> {
            fixture.services.api().register(new ApiRoutes(routing));
            fixture.services.registerAdmin(routing);
        });
    }

    URI baseUrl() {
        return server.baseUrl();
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return server.get(path, headers);
    }

    HttpResponse<String> put(String path, String json, String... headers) throws Exception {
        return server.put(path, json, headers);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return ApiTestServer.json(response);
    }

    /** Back to normal between tests: no faults, no held requests. */
    @Override
    public void afterEach(ExtensionContext context) {
        fixture.services.faults().clear();
        fixture.sleeper.release();
        fixture.sleeper.requested.clear();
        fixture.random.next = 0.5;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Null when beforeAll failed half-way: closing what did start keeps that failure the one reported.
        if (fixture != null) {
            fixture.sleeper.release();
        }
        if (server != null) {
            server.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }
}
