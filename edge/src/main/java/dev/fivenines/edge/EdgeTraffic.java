package dev.fivenines.edge;

import dev.fivenines.traffic.RouteClassifier;
import dev.fivenines.traffic.admission.AdmissionConfig;
import dev.fivenines.traffic.admission.AdmissionController;
import dev.fivenines.traffic.admission.ClientQuotas;
import dev.fivenines.traffic.admission.TrustedProxies;
import dev.fivenines.traffic.value.SessionValueModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the edge puts in front of the proxy: the route classifier, the admission controller of the
 * shops ({@code admission}) and one of its own for each other upstream ({@code byUpstream}, by
 * role), and, when configured, per-client quotas and the session value model (null = not used).
 * {@code proxies} says who the client of a request is (for quotas and the client-side throttle);
 * {@code sessions} issues the session cookies the value model keys by (null when the model is off).
 *
 * <p>Why one controller per upstream: requests to a slow recommendations service hold their slots
 * for seconds while costing the shops nothing; with their own limit they only shed each other (see
 * docs/decisions/002-edge-admission-per-upstream.md).
 */
public record EdgeTraffic(RouteClassifier classifier, AdmissionController admission, ClientQuotas quotas,
                          SessionValueModel values, Map<String, AdmissionController> byUpstream, TrustedProxies proxies,
                          EdgeSessions sessions) {
    public EdgeTraffic {
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(admission, "admission");
        byUpstream = Map.copyOf(byUpstream == null ? Map.of() : byUpstream);
        proxies = proxies == null ? TrustedProxies.none() : proxies;
        if (values != null) {
            Objects.requireNonNull(sessions, "sessions: the value model keys by the sessions the edge issues");
        }
    }

    public EdgeTraffic(RouteClassifier classifier, AdmissionController admission, ClientQuotas quotas,
                       SessionValueModel values, EdgeSessions sessions) {
        this(classifier, admission, quotas, values, Map.of(), TrustedProxies.none(), sessions);
    }

    public EdgeTraffic(RouteClassifier classifier, AdmissionController admission, ClientQuotas quotas) {
        this(classifier, admission, quotas, null, Map.of(), TrustedProxies.none(), null);
    }

    /** The controller guarding upstream {@code role}: its own, or the shops' when it has none. */
    public AdmissionController admissionFor(String role) {
        return byUpstream.getOrDefault(role, admission);
    }

    /** Every controller, the shops' first: for the admin API's mode and shedding switches. */
    public List<AdmissionController> allAdmissions() {
        List<AdmissionController> all = new ArrayList<>();
        all.add(admission);
        byUpstream.values().stream().filter(c -> c != admission).forEach(all::add);
        return all;
    }

    /** Snapshots of the per-upstream controllers, by role, in a stable order. */
    public Map<String, AdmissionController.Snapshot> upstreamSnapshots() {
        Map<String, AdmissionController.Snapshot> snapshots = new LinkedHashMap<>();
        byUpstream.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> snapshots.put(e.getKey(), e.getValue().snapshot()));
        return snapshots;
    }

    /** Classification and headers only: admission off, no quotas. */
    public static EdgeTraffic passThrough() {
        AdmissionController controller = AdmissionController.create(AdmissionConfig.defaults(), System::nanoTime);
        controller.enabled(false);
        return new EdgeTraffic(RouteClassifier.defaults(), controller, null);
    }
}
