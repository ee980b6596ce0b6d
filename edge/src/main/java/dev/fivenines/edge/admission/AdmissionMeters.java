package dev.fivenines.edge.admission;

import dev.fivenines.traffic.Criticality;
import dev.fivenines.traffic.admission.AdmissionController;
import dev.fivenines.traffic.admission.RejectReason;
import dev.fivenines.web.server.Meters;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

import java.util.List;

/**
 * Exposes an admission controller's decisions on {@code /metrics}: admitted and rejected requests
 * by class (and reason), rejections of sessions under way, and the limit, in-flight count and
 * latency-guard factor, so shedding can be graphed, alerted on and fed to anomaly detection like any
 * other rate. Read at scrape time from the controller's own counters; {@code upstream} names the
 * controller (the edge has one per upstream, a shop one for itself).
 */
public final class AdmissionMeters {
    private AdmissionMeters() {
    }

    public static void register(MeterRegistry registry, String upstream, AdmissionController controller) {
        Meters meters = new Meters(registry);
        Tag up = Tag.create("upstream", upstream);
        for (Criticality c : Criticality.values()) {
            Tag cls = Tag.create("criticality", c.name());
            meters.counter("fivenines.admission.admitted", "requests admitted",
                    controller, a -> a.metrics().admittedCount(c), List.of(up, cls));
            meters.counter("fivenines.admission.rejected.under.way", "rejected requests of sessions already under way",
                    controller, a -> a.metrics().rejectedUnderWayCount(c), List.of(up, cls));
            for (RejectReason reason : RejectReason.values()) {
                meters.counter("fivenines.admission.rejected", "requests rejected (503 or 429), by reason",
                        controller, a -> a.metrics().rejectedCount(c, reason),
                        List.of(up, cls, Tag.create("reason", reason.name())));
            }
        }
        meters.gauge("fivenines.admission.limit", "adaptive in-flight limit", controller, AdmissionController::limit, List.of(up));
        meters.gauge("fivenines.admission.inflight", "requests in flight", controller, AdmissionController::inflight, List.of(up));
        meters.gauge("fivenines.admission.guard.factor", "latency guard's squeeze of lower classes (1 = none)",
                controller, a -> a.snapshot().guardFactor(), List.of(up));
    }
}
