package dev.fivenines.web;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Registers public API routes under {@code /api/v1} and remembers them, so a test can check that
 * every route the code serves is in the OpenAPI document (and the document invents none).
 */
public final class ApiRoutes {
    public static final String PREFIX = "/api/v1";

    /** One served route: HTTP method and path template relative to {@link #PREFIX}. */
    public record Route(String method, String path) {
    }

    private final HttpRouting.Builder routing;
    private final List<Route> routes = new ArrayList<>();

    public ApiRoutes(HttpRouting.Builder routing) {
        this.routing = routing;
    }

    public ApiRoutes get(String path, Handler handler) {
        return add(Method.GET, path, handler);
    }

    public ApiRoutes post(String path, Handler handler) {
        return add(Method.POST, path, handler);
    }

    public ApiRoutes put(String path, Handler handler) {
        return add(Method.PUT, path, handler);
    }

    public ApiRoutes delete(String path, Handler handler) {
        return add(Method.DELETE, path, handler);
    }

    private ApiRoutes add(Method method, String path, Handler handler) {
        routing.route(method, PREFIX + path, handler);
        routes.add(new Route(method.text(), path));
        return this;
    }

    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }
}
