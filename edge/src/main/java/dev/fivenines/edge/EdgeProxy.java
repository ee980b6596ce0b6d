package dev.fivenines.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.base.Problem;
import dev.fivenines.commerce.payloads.OrderPlaced;
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
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
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
 * <p>Client side, per upstream role: SRE adaptive throttling rejects locally when the role refused
 * most of this client's recent requests (never checkout while the role answers); a request that
 * could not even connect is tried on the next instance (it was never sent, so this costs the role
 * nothing); one that failed after sending is retried only when repeating it is safe (GET/PUT/DELETE,
 * or an Idempotency-Key), within the role's retry budget and after a jittered backoff.
 *
 * <p>Every refusal the edge decides (quota, admission, throttle, no instance) is counted by the
 * role's admission controller by class and reason ({@code /metrics}) and sampled in the shed log.
 *
 * <p>Sessions: the edge issues the session identity itself ({@link EdgeSessions}); the client's
 * {@code X-Session-Id} and {@code X-Returning-Customer} are dropped, and the upstream gets the
 * edge's session id in {@code X-Session-Id}.
 */
public final class EdgeProxy {
    private static final Logger LOG = Logger.getLogger(EdgeProxy.class.getName());
    /** Largest body the edge forwards; the services apply their own, smaller limits. */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    public static final HeaderName CRITICALITY = HeaderNames.create(Criticality.HEADER);
    /** The edge's session id, for the shop to store with an order (OrderPlaced.sessionId). */
    public static final HeaderName SESSION_ID = HeaderNames.create("X-Session-Id");
    private static final Set<String> RETRY_SAFE = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    /** One request on its way: what the proxy learned about it before forwarding. */
    private record Call(ServerRequest req, ServerResponse res, UpstreamPool pool, AdmissionController admission,
                        String method, String path, String target, byte[] body, Ticket ticket, String client,
                        String session, boolean cached) {
        Criticality criticality() {
            return ticket.criticality();
        }
    }

    private final Function<String, UpstreamPool> router;
    private final UpstreamClient client;
    private final HttpTracing tracing;
    private final EdgeTraffic traffic;
    private final EdgeCache cache;
    private final CheckoutLatency checkoutLatency;

    public EdgeProxy(Function<String, UpstreamPool> router, UpstreamClient client, HttpTracing tracing) {
        this(router, client, tracing, EdgeTraffic.passThrough());
    }

    public EdgeProxy(Function<String, UpstreamPool> router, UpstreamClient client, HttpTracing tracing, EdgeTraffic traffic) {
        this(router, client, tracing, traffic, null);
    }

    /** {@code cache} null: every request goes to an upstream. */
    EdgeProxy(Function<String, UpstreamPool> router, UpstreamClient client, HttpTracing tracing, EdgeTraffic traffic,
              EdgeCache cache) {
        this(router, client, tracing, traffic, cache, new CheckoutLatency(CheckoutLatency.DEFAULT_WINDOW_SECONDS, System::nanoTime));
    }

    /** {@code checkoutLatency}: where every checkout this proxy forwards is timed (the console's chart). */
    EdgeProxy(Function<String, UpstreamPool> router, UpstreamClient client, HttpTracing tracing, EdgeTraffic traffic,
              EdgeCache cache, CheckoutLatency checkoutLatency) {
        this.checkoutLatency = checkoutLatency;
        this.router = router;
        this.client = client;
        this.tracing = tracing;
        this.traffic = traffic;
        this.cache = cache;
    }

    /** The recent checkouts' latency through this proxy. */
    public CheckoutLatency checkoutLatency() {
        return checkoutLatency;
    }

    public void handle(ServerRequest req, ServerResponse res) {
        String path = req.path().rawPath();
        if (checkoutStage(req.prologue().method().text(), path) != CHECKOUT) {
            proxy(req, res, path);
            return;
        }
        // Timed from here: what a buyer waits includes the quota, admission's queue and the edge's retries.
        long start = checkoutLatency.start();
        try {
            proxy(req, res, path);
        } finally {
            checkoutLatency.finished(start, res.status().code() >= 500);
        }
    }

    private void proxy(ServerRequest req, ServerResponse res, String path) {
        UpstreamPool pool = router.apply(path);
        if (pool == null || pool.all().isEmpty()) {
            Http.problem(res, Problem.notFound("route", path), null);
            return;
        }
        // Read the (bounded) body before admission, so a slow client never holds a slot.
        byte[] body = Http.readBody(req, MAX_BODY_BYTES);
        String method = req.prologue().method().text();
        Criticality criticality = traffic.classifier().classify(method, path, req.headers().first(CRITICALITY).orElse(null));
        String client = traffic.proxies().clientOf(req.remotePeer().host(), req.headers().all(ProxyHeaders.X_FORWARDED_FOR, List::of));
        // The session is the edge's own: a fresh one (and the prior score) unless a valid cookie says otherwise.
        EdgeSessions.Identity identity = traffic.sessions() == null ? null : traffic.sessions().resolve(req.headers(), res.headers());
        String session = identity == null || traffic.values() == null ? null : identity.sessionId();
        Ticket ticket;
        if (session != null) {
            SessionValueModel.Scored scored = traffic.values().rank(session, checkoutStage(method, path), 0, identity.returning(),
                    criticality == Criticality.SHEDDABLE_PLUS);
            ticket = new Ticket(criticality, scored.value(), method + " " + path, scored.underWay());
        } else {
            ticket = new Ticket(criticality, Ticket.NEUTRAL_VALUE, method + " " + path);
        }
        Span.current().setAttribute("fivenines.criticality", criticality.name());

        AdmissionController admission = traffic.admissionFor(pool.role());
        String query = req.query().rawValue();
        String target = path + (query == null || query.isEmpty() ? "" : "?" + query);
        boolean cached = cache != null && cache.handles(method, req);
        Call call = new Call(req, res, pool, admission, method, path, target, body, ticket, client,
                identity == null ? null : identity.sessionId(), cached);
        if (traffic.quotas() != null) {
            int retryAfter = traffic.quotas().tryTake(client);
            if (retryAfter > 0) {
                refuse(call, RejectReason.CLIENT_QUOTA, retryAfter, Problem.of(429, "too-many-requests", "Too many requests",
                        "this client is over its request quota; retry after " + retryAfter + " s"));
                censor(session);
                return;
            }
        }
        // After the quota (a hit still costs the edge), before admission: a hit costs no upstream a slot.
        if (cached && cache.answer(req, res, method, target)) {
            Span.current().setAttribute("fivenines.cache", "hit");
            return;
        }
        // Before admission: a request the edge will not send must not hold a slot.
        if (pool.policy().throttle().shouldThrottle(client, criticality)) {
            int retryAfter = retryAfterSeconds(admission, criticality);
            refuse(call, RejectReason.CLIENT_THROTTLE, retryAfter, overloaded(criticality, RejectReason.CLIENT_THROTTLE,
                    pool.role() + " refused most of this client's recent requests; the edge is holding this client back; retry after "
                            + retryAfter + " s"));
            censor(session);
            return;
        }
        Decision decision = admission.acquire(ticket);
        if (decision instanceof Decision.Rejected rejected) {
            Rejection r = rejected.rejection();
            Span.current().setAttribute("fivenines.shed", r.reason().name());
            censor(session);
            Http.problem(res, overloaded(criticality, r.reason(), "the shop is shedding " + criticality
                    + " requests to protect checkout; retry after " + r.retryAfterSeconds() + " s"), r.retryAfterSeconds());
            return;
        }
        Permit permit = ((Decision.Admitted) decision).permit();
        if (session != null && !ticket.sessionUnderWay()) {
            traffic.values().admitted(session);
        }
        Outcome outcome = Outcome.IGNORED;
        try {
            outcome = forward(call);
        } finally {
            permit.release(outcome);
        }
        int status = res.status().code();
        if (session != null && checkoutStage(method, path) == CHECKOUT && status == 201) {
            traffic.values().converted(session);
        } else if (status >= 500) {
            // shed by the shop or the edge's throttle, failed, or no answer in time
            censor(session);
        }
    }

    private static Problem overloaded(Criticality criticality, RejectReason reason, String detail) {
        return Problem.of(503, "overloaded", "Overloaded", detail).with("criticality", criticality.name())
                .with("reason", reason.name());
    }

    /** What admission tells a shed request of this class: one second more per class below CRITICAL_PLUS. */
    private static int retryAfterSeconds(AdmissionController admission, Criticality criticality) {
        return admission.config().retryAfterSeconds() * (1 + criticality.ordinal());
    }

    /** Answers a refusal the edge decided outside admission, counted and sampled in the shed log like admission's own. */
    private static void refuse(Call call, RejectReason reason, int retryAfterSeconds, Problem problem) {
        AdmissionController admission = call.admission();
        Ticket t = call.ticket();
        admission.recordExternal(new Rejection(reason, t.criticality(), t.valueScore(), t.label(), admission.limit(),
                admission.inflight(), 0, retryAfterSeconds, t.sessionUnderWay()));
        Span.current().setAttribute("fivenines.shed", reason.name());
        Http.problem(call.res(), problem, retryAfterSeconds);
    }

    /** The session was refused or failed on the way: it teaches the value model nothing (see SessionValueModel#censored). */
    private void censor(String session) {
        if (session != null) {
            traffic.values().censored(session);
        }
    }

    /** {@link #checkoutStage} of a checkout itself. */
    static final int CHECKOUT = 3;

    /** How far along the purchase a request is: 0 browsing, 1 cart, 2 cart lines, {@value #CHECKOUT} checkout. */
    static int checkoutStage(String method, String path) {
        if (path.startsWith("/api/v1/checkout")) {
            return "POST".equals(method) ? CHECKOUT : 0;
        }
        if (path.startsWith("/api/v1/carts")) {
            return path.contains("/lines") ? 2 : 1;
        }
        return 0;
    }

    /**
     * Sends to the pool's instances in order; answers the client; says what admission should learn.
     * What the throttle and the outlier detector learn: a 4xx is the client's own doing and counts
     * for the instance (it answered), never against it; 503/429 count against this client's throttle
     * window only, and with Retry-After not against the instance either.
     */
    private Outcome forward(Call call) {
        ServerRequest req = call.req();
        ServerResponse res = call.res();
        UpstreamPool pool = call.pool();
        String method = call.method();
        String path = call.path();
        Criticality criticality = call.criticality();
        String target = call.target();
        boolean retrySafe = RETRY_SAFE.contains(method) || req.headers().contains(Http.IDEMPOTENCY_KEY);
        UpstreamPolicy policy = pool.policy();
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
                sleepNanos(policy.backoff().delayNanos(sentAttempts, policy.random()));
            }
            Span span = tracing.tracer().spanBuilder(HttpTracing.clientSpanName(method)).setSpanKind(SpanKind.CLIENT)
                    .setAttribute(HttpTracing.URL_TEMPLATE, HttpTracing.currentRoute())
                    .setAttribute("server.address", upstream.baseUri().toString())
                    .setAttribute("fivenines.upstream", upstream.name())
                    .setAttribute("fivenines.criticality", criticality.name()).startSpan();
            long startNanos = System.nanoTime();
            try (Scope ignored = span.makeCurrent()) {
                UpstreamClient.Result result = client.send(upstream.baseUri(), target, method,
                        headers -> ProxyHeaders.toUpstream(req, criticality, call.session(), tracing, headers, call.cached()),
                        call.body());
                switch (result) {
                    case UpstreamClient.Answered answer -> {
                        upstream.countRequest();
                        int status = answer.status();
                        span.setAttribute("http.response.status_code", status);
                        boolean overloaded = status == 503 || status == 429;
                        policy.throttle().record(call.client(), !overloaded);
                        if (overloaded && answer.headers().contains(HeaderNames.RETRY_AFTER)) {
                            pool.recordOverloaded(upstream);
                        } else if (status >= 500) {
                            pool.recordFailure(upstream);
                        } else {
                            pool.recordSuccess(upstream, System.nanoTime() - startNanos);
                        }
                        if (call.session() != null && status == 201 && checkoutStage(method, path) == CHECKOUT) {
                            // The edge saw this session buy: its later visits are a returning customer's.
                            res.headers().add(HeaderNames.SET_COOKIE, traffic.sessions().customerCookie(call.session()));
                        }
                        if (call.cached()) {
                            cache.relay(req, res, method, target, answer);
                        } else {
                            ProxyHeaders.copyResponse(answer, res);
                        }
                        if (traffic.values() != null && call.session() != null && status / 100 == 2
                                && checkoutStage(method, path) == 2) {
                            learnCartValue(call.session(), answer.body());
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
                        policy.throttle().record(call.client(), false);
                        Http.problem(res, Problem.of(504, "upstream-timeout", "Upstream timeout",
                                pool.role() + " instance " + upstream.name() + " did not answer within "
                                        + timedOut.deadline().toMillis() + " ms"), 1);
                        return Outcome.DROPPED;
                    }
                    case UpstreamClient.FailedAfterSending failed when Thread.currentThread().isInterrupted() -> {
                        // Interrupting a virtual thread closes its socket: the edge stopping, not the upstream failing.
                        span.setStatus(StatusCode.ERROR, "interrupted");
                        refuse(call, RejectReason.NO_UPSTREAM, 1, Problem.unavailable("edge is shutting down"));
                        return Outcome.IGNORED;
                    }
                    case UpstreamClient.FailedAfterSending failed -> {
                        upstream.markDown();
                        pool.recordFailure(upstream);
                        policy.throttle().record(call.client(), false);
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
        refuse(call, RejectReason.NO_UPSTREAM, 1,
                Problem.unavailable("no " + pool.role() + " instance could take the request (" + lastError + ")"));
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
}
