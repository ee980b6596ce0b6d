package dev.fivenines.edge;

import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import dev.fivenines.edge.admission.AdmissionAdmin;
import dev.fivenines.edge.console.AdminAccess;
import dev.fivenines.traffic.Criticality;
import dev.fivenines.traffic.value.SessionFeatures;
import dev.fivenines.traffic.value.SessionValueModel;
import dev.fivenines.traffic.admission.AdmissionController;
import dev.fivenines.web.Http;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The edge's token-protected traffic admin API (the autopilot drives it later):
 * <ul>
 *   <li>{@code GET /admin/traffic}: limit, in-flight, queues, shed counts by class and reason, upstreams, the
 *   value model (sessions learned from, censored, weights, a first page's score new and returning), the
 *   admitted and rejected totals by class over every controller ({@code byClass}) and the recent
 *   checkouts' latency ({@code checkoutLatency}, {@link CheckoutLatency}): what the console charts</li>
 *   <li>{@code PUT /admin/traffic/shedding} {@code {"shedBelow": "CRITICAL"}}: shed every class below
 *       it at once; {@code {"shedBelow": null}} stops</li>
 *   <li>{@code PUT /admin/traffic/admission} {@code {"mode": "adaptive|bulkhead|off"}}: the admission
 *       scheme, for side-by-side benchmarks ({@code {"enabled": false}} = off)</li>
 *   <li>{@code POST /admin/upstreams/{name}/drain} and {@code .../undrain}</li>
 *   <li>{@code GET /admin/upstreams}: every instance with health, drain, ejection and counts</li>
 * </ul>
 * Every endpoint takes the bearer token or a console session ({@link AdminAccess}).
 */
public final class EdgeAdmin {
    private static final Logger LOG = Logger.getLogger(EdgeAdmin.class.getName());

    record SheddingRequest(String shedBelow) {
    }

    private final AdminAccess access;
    private final List<UpstreamPool> pools;
    private final EdgeTraffic traffic;
    private final CheckoutLatency checkoutLatency;

    /** Bearer token only, checkout latency not shown. */
    public EdgeAdmin(String token, List<UpstreamPool> pools, EdgeTraffic traffic) {
        this(AdminAccess.bearerOnly(token), pools, traffic, null);
    }

    /** @param checkoutLatency the proxy's checkout timings; null: not shown */
    public EdgeAdmin(AdminAccess access, List<UpstreamPool> pools, EdgeTraffic traffic, CheckoutLatency checkoutLatency) {
        this.access = access;
        this.pools = List.copyOf(pools);
        this.traffic = traffic;
        this.checkoutLatency = checkoutLatency;
    }

    public void routes(HttpRouting.Builder routing) {
        routing.get("/admin/traffic", this::status)
                .put("/admin/traffic/shedding", this::shedding)
                .put("/admin/traffic/admission", this::admission)
                .get("/admin/upstreams", this::upstreams)
                .post("/admin/upstreams/{name}/drain", (req, res) -> drain(req, res, true))
                .post("/admin/upstreams/{name}/undrain", (req, res) -> drain(req, res, false));
    }

    private void status(ServerRequest req, ServerResponse res) {
        access.require(req);
        Http.json(res, 200, statusBody());
    }

    private Map<String, Object> statusBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("admission", traffic.admission().snapshot());
        body.put("admissionByUpstream", traffic.upstreamSnapshots());
        body.put("upstreams", upstreamsBody());
        if (traffic.values() != null) {
            body.put("valueModel", valueModelBody(traffic.values()));
        }
        body.put("byClass", byClassBody(traffic.allAdmissions()));
        if (checkoutLatency != null) {
            body.put("checkoutLatency", checkoutLatency.snapshot());
        }
        return body;
    }

    /**
     * Admitted and rejected requests since start, by class, summed over every controller of this edge:
     * a client's view of the edge, whichever upstream a request was for. Running totals, so a reader
     * takes rates from two readings and no reader disturbs another's.
     */
    static Map<String, Object> byClassBody(List<AdmissionController> controllers) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (Criticality c : Criticality.values()) {
            long admitted = 0;
            long rejected = 0;
            for (AdmissionController controller : controllers) {
                admitted += controller.metrics().admittedCount(c);
                rejected += controller.metrics().rejectedCount(c);
            }
            body.put(c.name(), Map.of("admitted", admitted, "rejected", rejected));
        }
        return body;
    }

    /** What the value model learned and from how many sessions, and how it ranks a first page now. */
    private static Map<String, Object> valueModelBody(SessionValueModel values) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("positives", values.positives());
        body.put("negatives", values.negatives());
        body.put("censored", values.censoredSessions());
        body.put("tracked", values.tracked());
        body.put("updates", values.regression().updates());
        body.put("weights", values.regression().weights());
        body.put("firstPageNew", values.score(new SessionFeatures(0, 0, false, 1, true)));
        body.put("firstPageReturning", values.score(new SessionFeatures(0, 0, true, 1, true)));
        return body;
    }

    private void shedding(ServerRequest req, ServerResponse res) {
        access.require(req);
        SheddingRequest request = Http.readJson(req, SheddingRequest.class);
        Criticality level = null;
        if (request.shedBelow() != null) {
            level = Criticality.parse(request.shedBelow()).orElseThrow(() -> new ProblemException(Problem.invalid(List.of(
                    new Problem.FieldError("shedBelow", "must be one of " + List.of(Criticality.values())
                            + " or null, was '" + request.shedBelow() + "'")))));
        }
        for (var controller : traffic.allAdmissions()) {
            controller.shedBelow(level);
        }
        LOG.warning("forced shedding set to " + (level == null ? "none" : "every class below " + level));
        Http.json(res, 200, statusBody());
    }

    private void admission(ServerRequest req, ServerResponse res) {
        access.require(req);
        AdmissionAdmin.setMode(req, traffic.allAdmissions());
        Http.json(res, 200, statusBody());
    }

    private void upstreams(ServerRequest req, ServerResponse res) {
        access.require(req);
        Http.json(res, 200, upstreamsBody());
    }

    private void drain(ServerRequest req, ServerResponse res, boolean on) {
        access.require(req);
        String name = req.path().pathParameters().get("name");
        for (UpstreamPool pool : pools) {
            var found = pool.find(name);
            if (found.isPresent()) {
                found.get().drain(on);
                LOG.warning("upstream " + name + (on ? " drained: no new requests" : " undrained"));
                Http.json(res, 200, upstreamsBody());
                return;
            }
        }
        Http.problem(res, Problem.notFound("upstream", name), null);
    }

    /** Every upstream instance with its health, drain, ejection and counts, by role (the console's routing view). */
    public Map<String, Object> upstreamsBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        for (UpstreamPool pool : pools) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Upstream u : pool.all()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("name", u.name());
                one.put("url", u.baseUri().toString());
                one.put("healthy", u.healthy());
                one.put("drained", u.drained());
                one.put("ejected", pool.ejected(u));
                one.put("weight", pool.weight(u));
                one.put("requests", u.requests());
                one.put("failures", u.failures());
                one.put("failureRate", pool.failureRate(u));
                one.put("overloadAnswers", pool.overloadAnswers(u));
                list.add(one);
            }
            body.put(pool.role(), list);
        }
        return body;
    }
}
