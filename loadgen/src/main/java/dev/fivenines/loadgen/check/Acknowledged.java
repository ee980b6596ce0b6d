package dev.fivenines.loadgen.check;

import dev.fivenines.loadgen.history.History;
import dev.fivenines.loadgen.history.Line;
import dev.fivenines.loadgen.history.OpRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The orders a history shows the shop acknowledged: a checkout answered 2xx with an order id. */
final class Acknowledged {
    static final String CHECKOUT = "checkout";

    /** One acknowledged order, as first acknowledged (replays of the same key repeat it). */
    record Order(String orderId, String idempotencyKey, String cartId, long session, long endMicros, List<Line> lines,
                 String orderToken) {
    }

    private Acknowledged() {
    }

    static boolean isAck(OpRecord r) {
        return CHECKOUT.equals(r.op()) && r.status() >= 200 && r.status() < 300 && r.orderId() != null;
    }

    /** Distinct acknowledged orders in the order they were first acknowledged. */
    static Map<String, Order> orders(History history) {
        Map<String, Order> out = new LinkedHashMap<>();
        for (OpRecord r : history.ops()) {
            if (isAck(r)) {
                out.putIfAbsent(r.orderId(), new Order(r.orderId(), r.idempotencyKey(), r.cartId(), r.session(), r.endMicros(),
                        r.lines() == null ? List.of() : r.lines(), r.orderToken()));
            }
        }
        return out;
    }

    /** Each acknowledged order's access token (null where the history has none), keyed by order id. */
    static Map<String, String> tokens(History history) {
        Map<String, String> out = new LinkedHashMap<>();
        orders(history).values().forEach(o -> out.put(o.orderId(), o.orderToken()));
        return out;
    }

    static List<String> notes(String... notes) {
        List<String> out = new ArrayList<>();
        for (String n : notes) {
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }
}
