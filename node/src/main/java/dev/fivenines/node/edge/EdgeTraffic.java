package dev.fivenines.node.edge;

import dev.fivenines.traffic.RouteClassifier;
import dev.fivenines.traffic.admission.AdmissionConfig;
import dev.fivenines.traffic.admission.AdmissionController;
import dev.fivenines.traffic.admission.ClientQuotas;
import dev.fivenines.traffic.value.SessionValueModel;

import java.util.Objects;

/**
 * What the edge puts in front of the proxy: the route classifier, the node's admission controller
 * and, when configured, per-client quotas and the session value model (null = not used).
 */
public record EdgeTraffic(RouteClassifier classifier, AdmissionController admission, ClientQuotas quotas,
                          SessionValueModel values) {
    public EdgeTraffic {
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(admission, "admission");
    }

    public EdgeTraffic(RouteClassifier classifier, AdmissionController admission, ClientQuotas quotas) {
        this(classifier, admission, quotas, null);
    }

    /** Classification and headers only: admission off, no quotas. */
    public static EdgeTraffic passThrough() {
        AdmissionController controller = AdmissionController.create(AdmissionConfig.defaults(), System::nanoTime);
        controller.enabled(false);
        return new EdgeTraffic(RouteClassifier.defaults(), controller, null);
    }
}
