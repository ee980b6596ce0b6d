package dev.fivenines.node.edge;

import dev.fivenines.base.Problem;
import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.web.Http;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The edge's reverse proxy: one entry point for /api/v1, routing each request to a healthy instance
 * of the role that serves it. A request that could not even connect is retried on the next
 * instance (it was never sent); one that failed after sending is retried only when repeating it is
 * safe (GET/PUT/DELETE, or it carries an Idempotency-Key).
 */
public final class EdgeProxy {
    private static final Logger LOG = Logger.getLogger(EdgeProxy.class.getName());
    /** Largest body the edge forwards; the services apply their own, smaller limits. */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    public static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
            "expect", "http2-settings");

    private final Function<String, UpstreamPool> router;
    private final HttpClient client;
    private final HttpTracing tracing;

    public EdgeProxy(Function<String, UpstreamPool> router, HttpClient client, HttpTracing tracing) {
        this.router = router;
        this.client = client;
        this.tracing = tracing;
    }

    public void handle(ServerRequest req, ServerResponse res) {
        String path = req.path().rawPath();
        UpstreamPool pool = router.apply(path);
        if (pool == null || pool.all().isEmpty()) {
            Http.problem(res, Problem.notFound("route", path), null);
            return;
        }
        byte[] body = Http.readBody(req, MAX_BODY_BYTES);
        String method = req.prologue().method().text();
        String query = req.query().rawValue();
        String target = path + (query == null || query.isEmpty() ? "" : "?" + query);
        boolean retrySafe = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS").contains(method)
                || req.headers().contains(Http.IDEMPOTENCY_KEY);

        List<Upstream> order = pool.attemptOrder();
        String lastError = "no instance tried";
        for (Upstream upstream : order) {
            Span span = tracing.tracer().spanBuilder(method + " " + pool.role()).setSpanKind(SpanKind.CLIENT)
                    .setAttribute("server.address", upstream.baseUri().toString())
                    .setAttribute("fivenines.upstream", upstream.name()).startSpan();
            try (Scope ignored = span.makeCurrent()) {
                HttpResponse<byte[]> response = client.send(buildRequest(req, upstream, target, method, body),
                        HttpResponse.BodyHandlers.ofByteArray());
                upstream.countRequest();
                span.setAttribute("http.response.status_code", response.statusCode());
                copyResponse(response, res);
                return;
            } catch (HttpConnectTimeoutException | ConnectException e) {
                upstream.markDown();
                lastError = upstream.name() + ": could not connect (" + e.getClass().getSimpleName() + ")";
                span.setStatus(StatusCode.ERROR, lastError);
            } catch (HttpTimeoutException e) {
                span.setStatus(StatusCode.ERROR, "timeout");
                Http.problem(res, Problem.of(504, "upstream-timeout", "Upstream timeout",
                        pool.role() + " instance " + upstream.name() + " did not answer within "
                                + UPSTREAM_TIMEOUT.toSeconds() + " s"), 1);
                return;
            } catch (IOException e) {
                upstream.markDown();
                lastError = upstream.name() + ": " + e.getClass().getSimpleName() + " " + e.getMessage();
                span.setStatus(StatusCode.ERROR, lastError);
                if (!retrySafe) {
                    LOG.warning("request " + method + " " + path + " failed after it was sent to " + upstream.name()
                            + " and is not safe to repeat: " + lastError);
                    Http.problem(res, Problem.of(502, "upstream-failed", "Upstream failed", lastError
                            + "; the request may or may not have taken effect: retry with an Idempotency-Key"), 1);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Http.problem(res, Problem.unavailable("edge is shutting down"), 1);
                return;
            } finally {
                span.end();
            }
        }
        Http.problem(res, Problem.unavailable("no " + pool.role() + " instance could take the request (" + lastError + ")"), 1);
    }

    private HttpRequest buildRequest(ServerRequest req, Upstream upstream, String target, String method, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(upstream.baseUri() + target))
                .timeout(UPSTREAM_TIMEOUT)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (var header : req.headers()) {
            String name = header.name();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !lower.equals("traceparent") && !lower.equals("tracestate")) {
                for (String value : header.allValues()) {
                    builder.header(name, value);
                }
            }
        }
        Map<String, String> trace = new LinkedHashMap<>();
        tracing.inject(trace);
        trace.forEach(builder::setHeader);
        builder.setHeader("X-Forwarded-For", req.remotePeer().host());
        return builder.build();
    }

    private static void copyResponse(HttpResponse<byte[]> response, ServerResponse res) {
        res.status(Status.create(response.statusCode()));
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !lower.startsWith(":")) {
                res.header(HeaderNames.create(name), values.toArray(String[]::new));
            }
        });
        res.send(response.body());
    }
}
