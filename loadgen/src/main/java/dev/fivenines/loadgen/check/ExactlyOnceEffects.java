package dev.fivenines.loadgen.check;

import dev.fivenines.loadgen.history.History;
import dev.fivenines.loadgen.history.OpRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exactly-once effects: a paid order is shipped at most once, and an order the shop says is
 * SHIPPED or DELIVERED has its shipment. Evidence: every shipment id seen for an order, in the
 * run's own reads and in the reads after the run; two different ids for one order means the
 * OrderPlaced/OrderPaid event was acted on twice.
 */
public final class ExactlyOnceEffects {
    public static final String RULE = "exactly-once-effects";
    private static final Set<String> MUST_HAVE_SHIPMENT = Set.of("SHIPPED", "DELIVERED");

    private ExactlyOnceEffects() {
    }

    public static CheckResult check(History history, Observations observations) {
        Map<String, Set<String>> shipmentsByOrder = new LinkedHashMap<>();
        for (OpRecord r : history.ops()) {
            if ("shipment".equals(r.op()) && r.status() == 200 && r.orderId() != null && r.shipmentId() != null) {
                shipmentsByOrder.computeIfAbsent(r.orderId(), k -> new LinkedHashSet<>()).add(r.shipmentId());
            }
        }
        List<Violation> violations = new ArrayList<>();
        if (observations != null) {
            observations.shipments().forEach((orderId, seen) -> {
                if (seen.httpStatus() == 200) {
                    shipmentsByOrder.computeIfAbsent(orderId, k -> new LinkedHashSet<>()).addAll(seen.shipmentIds());
                    for (String other : seen.orderIds()) {
                        if (!orderId.equals(other)) {
                            violations.add(new Violation("order " + orderId, "shipment lookup returned a shipment of order " + other));
                        }
                    }
                }
            });
            observations.orders().forEach((orderId, order) -> {
                if (order.status() != null && MUST_HAVE_SHIPMENT.contains(order.status())) {
                    Observations.ShipmentObservation s = observations.shipments().get(orderId);
                    if (s == null || s.httpStatus() == 404 || (s.httpStatus() == 200 && s.shipmentIds().isEmpty())) {
                        violations.add(new Violation("order " + orderId, "is " + order.status() + " but has no shipment"
                                + (s == null ? " (not read)" : " (GET /api/v1/shipments answered " + s.httpStatus() + ")")));
                    }
                }
            });
        }
        if (shipmentsByOrder.isEmpty() && observations == null) {
            return CheckResult.skipped(RULE, "no shipments seen: the run read none and no --target was given");
        }
        shipmentsByOrder.forEach((orderId, ids) -> {
            if (ids.size() > 1) {
                violations.add(new Violation("order " + orderId, "shipped " + ids.size() + " times: shipments " + ids));
            }
        });
        return CheckResult.of(RULE, shipmentsByOrder.size() + " orders with a shipment seen", violations,
                Acknowledged.notes(observations == null ? "no --target: only the run's own shipment reads were compared" : null));
    }
}
