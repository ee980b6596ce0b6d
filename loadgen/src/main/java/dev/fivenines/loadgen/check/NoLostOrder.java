package dev.fivenines.loadgen.check;

import dev.fivenines.loadgen.history.History;
import dev.fivenines.loadgen.history.OpRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * No lost order: every order the shop acknowledged (201) exists afterwards and reaches a final
 * state. From the history alone: no read of an acknowledged order after its acknowledgement
 * answered 404. With a target: each order was read back, polled up to the settle time; it must be
 * found and in one of the final states.
 */
public final class NoLostOrder {
    public static final String RULE = "no-lost-order";

    private NoLostOrder() {
    }

    public static CheckResult check(History history, Observations observations) {
        Map<String, Acknowledged.Order> orders = Acknowledged.orders(history);
        List<Violation> violations = new ArrayList<>();
        for (OpRecord r : history.ops()) {
            if ("order".equals(r.op()) && r.status() == 404 && r.orderId() != null) {
                Acknowledged.Order ack = orders.get(r.orderId());
                if (ack != null && r.startMicros() >= ack.endMicros()) {
                    violations.add(new Violation("order " + r.orderId(), "acknowledged at " + ms(ack.endMicros())
                            + " (key " + ack.idempotencyKey() + ", session " + ack.session() + ") but GET at "
                            + ms(r.startMicros()) + " answered 404"));
                }
            }
        }
        if (observations == null) {
            return CheckResult.of(RULE, orders.size() + " acknowledged orders; none read back as missing during the run",
                    violations, List.of("no --target: orders were not read back after the run, final states not checked"));
        }
        int settled = 0;
        for (Acknowledged.Order o : orders.values()) {
            Observations.OrderObservation seen = observations.orders().get(o.orderId());
            String ack = "(acknowledged at " + ms(o.endMicros()) + ", key " + o.idempotencyKey() + ", session " + o.session() + ")";
            if (seen == null) {
                violations.add(new Violation("order " + o.orderId(), "was never read back " + ack));
            } else if (seen.httpStatus() == 404) {
                violations.add(new Violation("order " + o.orderId(), "lost: GET answered 404 after " + seen.reads() + " reads " + ack));
            } else if (seen.httpStatus() != 200) {
                violations.add(new Violation("order " + o.orderId(), "unverified: the shop did not answer the read ("
                        + (seen.httpStatus() == 0 ? seen.error() : "HTTP " + seen.httpStatus()) + ") " + ack));
            } else if (seen.status() == null || !observations.finalStates().contains(seen.status())) {
                violations.add(new Violation("order " + o.orderId(), "stuck in " + seen.status() + ": not in a final state "
                        + observations.finalStates() + " within " + observations.settleMillis() / 1000.0 + " s " + ack));
            } else {
                settled++;
            }
        }
        return CheckResult.of(RULE, settled + " of " + orders.size() + " acknowledged orders found in a final state "
                + observations.finalStates(), violations, List.of());
    }

    static String ms(long micros) {
        return String.format(java.util.Locale.ROOT, "%.3f s", micros / 1e6);
    }
}
