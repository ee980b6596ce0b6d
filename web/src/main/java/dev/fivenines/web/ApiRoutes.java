package dev.fivenines.web;

import dev.fivenines.base.Problem;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Registers public API routes under {@code /api/v1} and remembers them, so a test can check that
 * every route the code serves is in the OpenAPI document (and the document invents none).
 *
 * <p>Every handler registered here first passes the request's query and path parameters through
 * {@link TextInput#checkParameters}; every GET also answers HEAD (same status and headers, no
 * body), and every answer says {@code Cache-Control: private, no-store} unless its handler declares
 * it cacheable ({@link Caching}). {@link #registerFallback()} answers what no route took: 405 with {@code Allow} for a known
 * path with another method, a problem+json 404 otherwise.
 */
public final class ApiRoutes {
    public static final String PREFIX = "/api/v1";

    /** One served route: HTTP method and path template relative to {@link #PREFIX}. */
    public record Route(String method, String path) {
    }

    private record Matcher(PathMatcher path, String method) {
    }

    private final HttpRouting.Builder routing;
    private final List<Route> routes = new ArrayList<>();
    private final List<Matcher> matchers = new ArrayList<>();

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
        Handler checked = (req, res) -> {
            ServerResponse out = HeadResponse.forRequest(req, res);
            // Kept by no cache unless the handler declares its answer public (Caching.answer).
            out.header(HeaderNames.CACHE_CONTROL, Caching.PERSONAL);
            TextInput.checkParameters(req);
            handler.handle(req, out);
        };
        Method[] methods = method == Method.GET ? new Method[]{Method.GET, Method.HEAD} : new Method[]{method};
        routing.route(HttpRoute.builder().methods(methods).path(PREFIX + path).handler(checked).build());
        routes.add(new Route(method.text(), path));
        matchers.add(new Matcher(PathMatchers.create(PREFIX + path), method.text()));
        return this;
    }

    /**
     * Last route under the API (register it after every other): a path some route serves with
     * other methods is a 405 naming them in {@code Allow}; anything else is a 404. Both problem+json.
     */
    public void registerFallback() {
        routing.any(PREFIX + "/*", this::fallback);
    }

    private void fallback(ServerRequest req, ServerResponse anyRes) {
        ServerResponse res = HeadResponse.forRequest(req, anyRes);
        String method = req.prologue().method().text();
        Set<String> allowed = allowed(req);
        if (allowed.isEmpty()) {
            Http.problem(res, Problem.of(404, "no-route", "No such route", method + " " + req.path().path()
                    + " is not part of this API; see " + PREFIX + "/openapi.yaml"), null);
            return;
        }
        res.header(HeaderNames.ALLOW, String.join(", ", allowed));
        Http.problem(res, Problem.of(405, "method-not-allowed", "Method not allowed", req.path().path()
                + " does not answer " + method + "; it answers " + String.join(", ", allowed)), null);
    }

    private Set<String> allowed(ServerRequest req) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Matcher m : matchers) {
            if (m.path().match(req.path().absolute()).accepted()) {
                allowed.add(m.method());
                if (m.method().equals(Method.GET.text())) {
                    allowed.add(Method.HEAD.text());
                }
            }
        }
        return allowed;
    }

    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }
}
