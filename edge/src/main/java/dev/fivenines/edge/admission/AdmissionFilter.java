package dev.fivenines.edge.admission;

import dev.fivenines.base.Problem;
import dev.fivenines.traffic.Criticality;
import dev.fivenines.traffic.RouteClassifier;
import dev.fivenines.traffic.admission.AdmissionController;
import dev.fivenines.traffic.admission.Decision;
import dev.fivenines.traffic.admission.Outcome;
import dev.fivenines.traffic.admission.Permit;
import dev.fivenines.traffic.admission.Rejection;
import dev.fivenines.traffic.admission.Ticket;
import dev.fivenines.web.Http;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.Objects;

/**
 * Admission control on a shop node (issue 5), after the edge's: every API request takes a slot from
 * the node's {@link AdmissionController} before any work starts, and gives it back exactly once when
 * the response is done.
 *
 * <p>Class: the route's class from {@link RouteClassifier}, lowered (never raised) by the
 * {@value Criticality#HEADER} header the edge sets; a caller cannot buy priority with a header.
 * Refused requests get 503 (429 for a client quota) + Retry-After as problem+json
 * ({@code /problems/overloaded}), the same answer the edge gives, so clients back off either way.
 *
 * <p>Outcome fed to the adaptive limit: SUCCESS for any status below 500 (a sample of real latency),
 * DROPPED for 503 and 504 (the work behind us was overloaded or timed out: back off), IGNORED for
 * other 5xx and for exceptions that escape the chain (they say nothing about capacity).
 *
 * <p>Blocking: {@link AdmissionController#acquire} waits in the class queue at most the configured
 * queue timeout; Helidon 4 runs each request on its own virtual thread, so waiting there is cheap.
 */
public final class AdmissionFilter implements Filter {
    private final AdmissionController controller;
    private final RouteClassifier classifier;

    public AdmissionFilter(AdmissionController controller, RouteClassifier classifier) {
        this.controller = Objects.requireNonNull(controller, "controller");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
    }

    public AdmissionController controller() {
        return controller;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (isOps(path)) {
            // Health and metrics must answer most of all when the node is overloaded.
            chain.proceed();
            return;
        }
        String method = req.prologue().method().text();
        String declared = req.headers().first(HeaderNames.create(Criticality.HEADER)).orElse(null);
        Criticality criticality = classifier.classify(method, path, declared);
        Decision decision = controller.acquire(new Ticket(criticality, Ticket.NEUTRAL_VALUE, method + " " + path));
        switch (decision) {
            case Decision.Admitted admitted -> serve(chain, res, admitted.permit());
            case Decision.Rejected rejected -> refuse(res, rejected.rejection());
            case Decision.Queued queued -> throw new IllegalStateException(
                    "AdmissionController.acquire returned Queued for " + method + " " + path + "; it must wait or reject");
        }
    }

    private static void serve(FilterChain chain, RoutingResponse res, Permit permit) {
        Outcome outcome = Outcome.IGNORED;
        try {
            chain.proceed();
            outcome = outcomeOf(res.status().code());
        } finally {
            // The one release of this permit: the exception (if any) still propagates to Helidon's handlers.
            permit.release(outcome);
        }
    }

    static Outcome outcomeOf(int status) {
        if (status < 500) {
            return Outcome.SUCCESS;
        }
        return status == 503 || status == 504 ? Outcome.DROPPED : Outcome.IGNORED;
    }

    private static void refuse(RoutingResponse res, Rejection rejection) {
        Problem problem = rejection.isClientQuota()
                ? Problem.of(429, "too-many-requests", "Too many requests", "this client is over its quota; "
                        + "retry after " + rejection.retryAfterSeconds() + " s")
                : Problem.of(503, "overloaded", "Overloaded", "this node is shedding " + rejection.criticality()
                        + " requests (" + rejection.reason() + "); retry after " + rejection.retryAfterSeconds() + " s");
        Http.problem(res, problem, rejection.retryAfterSeconds());
    }

    private static boolean isOps(String path) {
        return path.startsWith("/observe") || path.startsWith("/metrics");
    }
}
