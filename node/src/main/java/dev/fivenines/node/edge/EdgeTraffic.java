package dev.fivenines.node.edge;

import dev.fivenines.traffic.RouteClassifier;
import dev.fivenines.traffic.admission.AdmissionConfig;
import dev.fivenines.traffic.admission.AdmissionController;
import dev.fivenines.traffic.admission.ClientQuotas;

import java.util.Objects;

/**
 * What the edge puts in front of the proxy: the route classifier, the node's admission controller
 * and, when configured, per-client quotas (null = no quotas).
 */
public record EdgeTraffic(RouteClassifier classifier, AdmissionController admission, ClientQuotas quotas) {
    public EdgeTraffic {
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(admission, "admission");
    }

    /** Classification and headers only: admission off, no quotas. */
    public static EdgeTraffic passThrough() {
        AdmissionController controller = AdmissionController.create(AdmissionConfig.defaults(), System::nanoTime);
        controller.enabled(false);
        return new EdgeTraffic(RouteClassifier.defaults(), controller, null);
    }
}
