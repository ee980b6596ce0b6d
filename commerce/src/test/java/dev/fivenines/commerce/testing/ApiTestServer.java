package dev.fivenines.commerce.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.web.ApiRoutes;
import dev.fivenines.web.ApiService;
import dev.fivenines.web.ProblemHandlers;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A real Helidon server on a free port with the project's problem handlers, serving the routes a
 * test registers, and an HTTP client with deadlines to call it.
 */
public final class ApiTestServer implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final WebServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApiTestServer(WebServer server) {
        this.server = server;
    }

    /** Serves {@code api} under {@code /api/v1}. */
    public static ApiTestServer start(ApiService api) {
        return withRoutes(routing -> api.register(new ApiRoutes(routing)));
    }

    /** Serves whatever {@code routes} registers on a routing that already has the problem handlers. */
    public static ApiTestServer withRoutes(Consumer<HttpRouting.Builder> routes) {
        HttpRouting.Builder routing = ProblemHandlers.install(HttpRouting.builder());
        routes.accept(routing);
        return new ApiTestServer(WebServer.builder().host("127.0.0.1").port(0).routing(routing).build().start());
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public HttpResponse<String> get(String path, String... headers) throws Exception {
        return send(request(path, headers).GET());
    }

    public HttpResponse<String> put(String path, String json, String... headers) throws Exception {
        return send(request(path, headers).PUT(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json"));
    }

    /** POST with a JSON body, or none when {@code json} is null. */
    public HttpResponse<String> post(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder request = request(path, headers);
        if (json == null) {
            return send(request.POST(HttpRequest.BodyPublishers.noBody()));
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json"));
    }

    public static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body());
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl().resolve(path)).timeout(REQUEST_TIMEOUT);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.stop();
        http.close();
    }
}
