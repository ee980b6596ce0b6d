package dev.fivenines.node.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.base.Problem;
import dev.fivenines.commerce.events.OrderPlaced;
import dev.fivenines.traffic.Criticality;
import dev.fivenines.traffic.admission.AdmissionController;
import dev.fivenines.traffic.admission.Decision;
import dev.fivenines.traffic.admission.Outcome;
import dev.fivenines.traffic.admission.Permit;
import dev.fivenines.traffic.admission.RejectReason;
import dev.fivenines.traffic.admission.Rejection;
import dev.fivenines.traffic.admission.Ticket;
import dev.fivenines.traffic.value.SessionValueModel;
import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.web.Http;
import io.helidon.http.ClientRequestHeaders;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The edge's reverse proxy: one entry point for /api/v1. Every request is classified by route,
 * checked against its client's quota (429), admitted by the node's admission controller or shed
 * (503 /problems/overloaded, both with Retry-After), then routed to an instance of the role that
 * serves it, with its class in {@code X-Criticality} and the W3C {@code baggage} header.
 *
 * <p>Client side, per upstream role: SRE adaptive throttling rejects locally when the role refuses
 * most work; a request that could not even connect is tried on the next instance (it was never
 * sent, so this costs the role nothing); one that failed after sending is retried only when
 * repeating it is safe (GET/PUT/DELETE, or an Idempotency-Key), within the role's retry budget and
 * after a jittered backoff.
 */
public final class EdgeProxy {
    private static final Logger LOG = Logger.getLogger(EdgeProxy.class.getName());
    /** Largest body the edge forwards; the services apply their own, smaller limits. */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    public static final HeaderName CRITICALITY = HeaderNames.create(Criticality.HEADER);
    /** Identifies a shopping session, so its requests can be ranked by its chance to buy. */
    public static final HeaderName SESSION_ID = HeaderNames.create("X-Session-Id");
    public static final HeaderName RETURNING_CUSTOMER = HeaderNames.create("X-Returning-Customer");
    private static final HeaderName X_FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");
    private static final HeaderName BAGGAGE = HeaderNames.create("baggage");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
            "expect", "http2-settings");
    /** Set by the edge itself: a client's own values are replaced, never forwarded. */
    private static final Set<String> EDGE_OWNED = Set.of("traceparent", "tracestate", "x-criticality", "baggage");

    private final Function<String, UpstreamPool> router;
    private final UpstreamClient client;
    private final HttpTracing tracing;
    private final EdgeTraffic traffic;

    public EdgeProxy(Function<String, UpstreamPool> router, UpstreamClient client, HttpTracing tracing) {
        this(router, client, tracing, EdgeTraffic.passThrough());
    }

    public EdgeProxy(Function<String, UpstreamPool> router, UpstreamClient client, HttpTracing tracing, EdgeTraffic traffic) {
        this.router = router;
        this.client = client;
        this.tracing = tracing;
        this.traffic = traffic;
    }

    public void handle(ServerRequest req, ServerResponse res) {
        String path = req.path().rawPath();
        UpstreamPool pool = router.apply(path);
        if (pool == null || pool.all().isEmpty()) {
            Http.problem(res, Problem.notFound("route", path), null);
            return;
        }
        // Read the (bounded) body before admission, so a slow client never holds a slot.
        byte[] body = Http.readBody(req, MAX_BODY_BYTES);
        String method = req.prologue().method().text();
        Criticality criticality = traffic.classifier().classify(method, path, req.headers().first(CRITICALITY).orElse(null));
        String session = sessionOf(req);
        Ticket ticket;
        if (session != null) {
            boolean returning = req.headers().first(RETURNING_CUSTOMER).map("true"::equalsIgnoreCase).orElse(false);
            SessionValueModel.Scored scored = traffic.values().rank(session, checkoutStage(method, path), 0, returning,
                    criticality == Criticality.SHEDDABLE_PLUS);
            ticket = new Ticket(criticality, scored.value(), method + " " + path, scored.underWay());
        } else {
            ticket = new Ticket(criticality, Ticket.NEUTRAL_VALUE, method + " " + path);
        }
        Span.current().setAttribute("fivenines.criticality", criticality.name());

        AdmissionController admission = traffic.admissionFor(pool.role());
        if (traffic.quotas() != null) {
            int retryAfter = traffic.quotas().tryTake(req.remotePeer().host());
            if (retryAfter > 0) {
                Rejection r = new Rejection(RejectReason.CLIENT_QUOTA, criticality, ticket.valueScore(), ticket.label(),
                        admission.limit(), admission.inflight(), 0, retryAfter);
                admission.recordExternal(r);
                censor(session);
                Http.problem(res, Problem.of(429, "too-many-requests", "Too many requests",
                        "this client is over its request quota; retry after " + retryAfter + " s"), retryAfter);
                return;
            }
        }
        Decision decision = admission.acquire(ticket);
        if (decision instanceof Decision.Rejected rejected) {
            Rejection r = rejected.rejection();
            Span.current().setAttribute("fivenines.shed", r.reason().name());
            censor(session);
            Http.problem(res, Problem.of(503, "overloaded", "Overloaded",
                            "the shop is shedding " + criticality + " requests to protect checkout; retry after "
                                    + r.retryAfterSeconds() + " s")
                    .with("criticality", criticality.name()).with("reason", r.reason().name()), r.retryAfterSeconds());
            return;
        }
        Permit permit = ((Decision.Admitted) decision).permit();
        if (session != null && !ticket.sessionUnderWay()) {
            traffic.values().admitted(session);
        }
        Outcome outcome = Outcome.IGNORED;
        try {
            outcome = forward(req, res, pool, method, path, body, criticality, session);
        } finally {
            permit.release(outcome);
        }
        int status = res.status().code();
        if (session != null && checkoutStage(method, path) == 3 && status == 201) {
            traffic.values().converted(session);
        } else if (status >= 500) {
            // shed by the shop or the edge's throttle, failed, or no answer in time
            censor(session);
        }
    }

    /** The session was refused or failed on the way: it teaches the value model nothing (see SessionValueModel#censored). */
    private void censor(String session) {
        if (session != null) {
            traffic.values().censored(session);
        }
    }

    /**
     * The session id when the value model is on and the header is valid by the rule the shop stores
     * it by (so a session the edge ranks is one whose OrderPlaced can teach it); null otherwise.
     */
    private String sessionOf(ServerRequest req) {
        if (traffic.values() == null) {
            return null;
        }
        return req.headers().first(SESSION_ID).filter(OrderPlaced::isValidSessionId).orElse(null);
    }

    /** How far along the purchase a request is: 0 browsing, 1 cart, 2 cart lines, 3 checkout. */
    static int checkoutStage(String method, String path) {
        if (path.startsWith("/api/v1/checkout")) {
            return "POST".equals(method) ? 3 : 0;
        }
        if (path.startsWith("/api/v1/carts")) {
            return path.contains("/lines") ? 2 : 1;
        }
        return 0;
    }

    /** Sends to the pool's instances in order; answers the client; says what admission should learn. */
    private Outcome forward(ServerRequest req, ServerResponse res, UpstreamPool pool, String method, String path,
                            byte[] body, Criticality criticality, String session) {
        String query = req.query().rawValue();
        String target = path + (query == null || query.isEmpty() ? "" : "?" + query);
        boolean retrySafe = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS").contains(method)
                || req.headers().contains(Http.IDEMPOTENCY_KEY);
        UpstreamPolicy policy = pool.policy();
        if (policy.throttle().shouldThrottle()) {
            Http.problem(res, Problem.of(503, "overloaded", "Overloaded", pool.role()
                    + " is refusing most requests; the edge is holding back to let it recover").with("criticality",
                    criticality.name()).with("reason", "CLIENT_THROTTLE"), 1);
            return Outcome.IGNORED;
        }
        policy.retryBudget().onRequest();

        List<Upstream> order = pool.attemptOrder();
        String lastError = order.isEmpty() ? "every instance is drained" : "no instance tried";
        int sentAttempts = 0;
        for (Upstream upstream : order) {
            if (sentAttempts > 0) {
                if (!policy.retryBudget().tryRetry()) {
                    LOG.fine("retry budget of " + pool.role() + " spent; not retrying " + method + " " + path);
                    break;
                }
                sleepNanos(policy.backoff().delayNanos(sentAttempts));
            }
            Span span = tracing.tracer().spanBuilder(HttpTracing.clientSpanName(method)).setSpanKind(SpanKind.CLIENT)
                    .setAttribute(HttpTracing.URL_TEMPLATE, HttpTracing.currentRoute())
                    .setAttribute("server.address", upstream.baseUri().toString())
                    .setAttribute("fivenines.upstream", upstream.name())
                    .setAttribute("fivenines.criticality", criticality.name()).startSpan();
            long startNanos = System.nanoTime();
            try (Scope ignored = span.makeCurrent()) {
                UpstreamClient.Result result = client.send(upstream.baseUri(), target, method,
                        headers -> requestHeaders(req, criticality, headers), body);
                switch (result) {
                    case UpstreamClient.Answered answer -> {
                        upstream.countRequest();
                        int status = answer.status();
                        span.setAttribute("http.response.status_code", status);
                        boolean overloaded = status == 503 || status == 429;
                        policy.throttle().record(!overloaded);
                        if (overloaded && answer.headers().contains(HeaderNames.RETRY_AFTER)) {
                            pool.recordOverloaded(upstream);
                        } else if (status >= 500) {
                            pool.recordFailure(upstream);
                        } else {
                            pool.recordSuccess(upstream, System.nanoTime() - startNanos);
                        }
                        copyResponse(answer, res);
                        if (session != null && status / 100 == 2 && checkoutStage(method, path) == 2) {
                            learnCartValue(session, answer.body());
                        }
                        return overloaded || status == 504 ? Outcome.DROPPED : Outcome.SUCCESS;
                    }
                    case UpstreamClient.CouldNotConnect failed -> {
                        upstream.markDown();
                        pool.recordUnreachable(upstream);
                        lastError = upstream.name() + ": could not connect (" + failed.cause().getClass().getSimpleName() + ")";
                        span.setStatus(StatusCode.ERROR, lastError);
                    }
                    case UpstreamClient.TimedOut timedOut -> {
                        span.setStatus(StatusCode.ERROR, "timeout");
                        pool.recordFailure(upstream);
                        policy.throttle().record(false);
                        Http.problem(res, Problem.of(504, "upstream-timeout", "Upstream timeout",
                                pool.role() + " instance " + upstream.name() + " did not answer within "
                                        + timedOut.deadline().toMillis() + " ms"), 1);
                        return Outcome.DROPPED;
                    }
                    case UpstreamClient.FailedAfterSending failed when Thread.currentThread().isInterrupted() -> {
                        // Interrupting a virtual thread closes its socket: the edge stopping, not the upstream failing.
                        span.setStatus(StatusCode.ERROR, "interrupted");
                        Http.problem(res, Problem.unavailable("edge is shutting down"), 1);
                        return Outcome.IGNORED;
                    }
                    case UpstreamClient.FailedAfterSending failed -> {
                        upstream.markDown();
                        pool.recordFailure(upstream);
                        policy.throttle().record(false);
                        sentAttempts++;
                        lastError = upstream.name() + ": " + failed.cause().getClass().getSimpleName() + " " + failed.cause().getMessage();
                        span.setStatus(StatusCode.ERROR, lastError);
                        if (!retrySafe) {
                            LOG.warning("request " + method + " " + path + " failed after it was sent to " + upstream.name()
                                    + " and is not safe to repeat: " + lastError);
                            Http.problem(res, Problem.of(502, "upstream-failed", "Upstream failed", lastError
                                    + "; the request may or may not have taken effect: retry with an Idempotency-Key"), 1);
                            return Outcome.DROPPED;
                        }
                    }
                }
            } finally {
                span.end();
            }
        }
        Http.problem(res, Problem.unavailable("no " + pool.role() + " instance could take the request (" + lastError + ")"), 1);
        return Outcome.DROPPED;
    }

    /**
     * A cart change answers with the cart; its total becomes the session's cart-value feature. The
     * total is a decimal string in the cart's currency, taken in minor units (cents); an answer
     * that does not parse teaches nothing.
     */
    private void learnCartValue(String session, byte[] cartJson) {
        try {
            JsonNode amount = Json.mapper().readTree(cartJson).path("total").path("amount");
            if (amount.isTextual()) {
                long minor = new BigDecimal(amount.asText()).movePointRight(2).longValue();
                traffic.values().cartValue(session, minor);
            }
        } catch (IOException | NumberFormatException e) {
            LOG.fine(() -> "cart answer without a readable total; the value model keeps the session's last cart value: " + e);
        }
    }

    private static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The caller's headers minus hop-by-hop and edge-owned ones, plus what the edge says about the request. */
    private void requestHeaders(ServerRequest req, Criticality criticality, ClientRequestHeaders out) {
        String incomingBaggage = null;
        for (Header header : req.headers()) {
            String lower = header.name().toLowerCase(Locale.ROOT);
            if (lower.equals("baggage")) {
                incomingBaggage = String.join(",", header.allValues());
            }
            if (!HOP_BY_HOP.contains(lower) && !EDGE_OWNED.contains(lower)) {
                out.add(header);
            }
        }
        Map<String, String> trace = new LinkedHashMap<>();
        tracing.inject(trace);
        trace.forEach((name, value) -> out.set(HeaderNames.create(name), value));
        out.set(X_FORWARDED_FOR, req.remotePeer().host());
        out.set(CRITICALITY, criticality.name());
        out.set(BAGGAGE, baggage(incomingBaggage, criticality));
    }

    /** The caller's W3C baggage with our criticality entry replacing any the caller sent. */
    static String baggage(String incoming, Criticality criticality) {
        StringBuilder out = new StringBuilder();
        if (incoming != null) {
            for (String member : incoming.split(",")) {
                String m = member.trim();
                if (!m.isEmpty() && !m.startsWith(Criticality.BAGGAGE_KEY + "=")) {
                    out.append(m).append(',');
                }
            }
        }
        return out.append(Criticality.BAGGAGE_KEY).append('=').append(criticality.name()).toString();
    }

    private static void copyResponse(UpstreamClient.Answered answer, ServerResponse res) {
        res.status(Status.create(answer.status()));
        for (Header header : answer.headers()) {
            if (!HOP_BY_HOP.contains(header.name().toLowerCase(Locale.ROOT))) {
                res.header(header);
            }
        }
        res.send(answer.body());
    }
}
