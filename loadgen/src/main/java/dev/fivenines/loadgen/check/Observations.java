package dev.fivenines.loadgen.check;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the shop said after the run, when the checker was given a target: the last answer for each
 * acknowledged order (polled until it reached a final state or the settle time ran out) and the
 * shipment read for each order that should have one.
 */
public record Observations(Map<String, OrderObservation> orders, Map<String, ShipmentObservation> shipments,
                           long settleMillis, Set<String> finalStates) {
    public Observations {
        orders = Map.copyOf(orders);
        shipments = Map.copyOf(shipments);
        finalStates = Set.copyOf(finalStates);
    }

    /**
     * @param httpStatus the last answer's status (0 when there was none: timeout, connection refused)
     * @param status     the order's status in the last 200 answer, or null
     */
    public record OrderObservation(String orderId, int httpStatus, String status, int reads, String error) {
    }

    /**
     * @param shipmentIds the shipment ids in the answer (normally one; the shop may list several)
     * @param orderIds    the order ids those shipments name
     */
    public record ShipmentObservation(String orderId, int httpStatus, List<String> shipmentIds, List<String> orderIds,
                                      String error) {
        public ShipmentObservation {
            shipmentIds = List.copyOf(shipmentIds);
            orderIds = List.copyOf(orderIds);
        }
    }
}
