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
 * No double charge. The generator checks out each cart under one Idempotency-Key and retries only
 * with that key, so in a correct shop: one key yields at most one order (replays return the same
 * order), one order belongs to one key, and one cart yields at most one order. Any second order
 * for a key or a cart is a second charge for the same purchase.
 */
public final class NoDoubleCharge {
    public static final String RULE = "no-double-charge";

    private NoDoubleCharge() {
    }

    public static CheckResult check(History history) {
        Map<String, Set<String>> ordersByKey = new LinkedHashMap<>();
        Map<String, Set<String>> keysByOrder = new LinkedHashMap<>();
        Map<String, Set<String>> ordersByCart = new LinkedHashMap<>();
        int missingKey = 0;
        for (OpRecord r : history.ops()) {
            if (!Acknowledged.isAck(r)) {
                continue;
            }
            if (r.idempotencyKey() == null) {
                missingKey++;
            } else {
                ordersByKey.computeIfAbsent(r.idempotencyKey(), k -> new LinkedHashSet<>()).add(r.orderId());
                keysByOrder.computeIfAbsent(r.orderId(), k -> new LinkedHashSet<>()).add(r.idempotencyKey());
            }
            if (r.cartId() != null) {
                ordersByCart.computeIfAbsent(r.cartId(), k -> new LinkedHashSet<>()).add(r.orderId());
            }
        }
        List<Violation> violations = new ArrayList<>();
        ordersByKey.forEach((key, orders) -> {
            if (orders.size() > 1) {
                violations.add(new Violation("idempotency key " + key, "one key produced " + orders.size() + " orders: " + orders));
            }
        });
        keysByOrder.forEach((order, keys) -> {
            if (keys.size() > 1) {
                violations.add(new Violation("order " + order, "returned for " + keys.size() + " different keys: " + keys));
            }
        });
        ordersByCart.forEach((cart, orders) -> {
            if (orders.size() > 1) {
                violations.add(new Violation("cart " + cart, "one cart was charged " + orders.size() + " times: orders " + orders));
            }
        });
        return CheckResult.of(RULE, ordersByKey.size() + " keys acknowledged, " + keysByOrder.size() + " distinct orders",
                violations, Acknowledged.notes(missingKey > 0
                        ? missingKey + " acknowledged checkout(s) had no idempotency key recorded and were checked by cart only" : null));
    }
}
