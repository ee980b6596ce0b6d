package dev.fivenines.loadgen.history;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One HTTP exchange the generator made, as one line of the history file. Times are microseconds
 * from the run's start (the header's {@code startedAt}); {@code latencyMicros} is measured from the
 * operation's intended start, so it includes any time the generator itself was late. A checkout
 * retried with the same key appears once per attempt.
 *
 * @param request    a summary such as {@code POST /api/v1/checkout}
 * @param status     HTTP status, or 0 when there was no response (timeout, connection failure)
 * @param outcome    the outcome class (see the engine's Outcome), lower case
 * @param lines      for cart.add and checkout requests: what was asked for; for a 201 checkout: what
 *                   the order says was sold
 * @param orderToken for a 201 checkout: the order's access token, which reading the order back needs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpRecord(String type, long session, String kind, String op, Integer attempt, String request,
                       long intendedMicros, long startMicros, long endMicros, long latencyMicros,
                       int status, String outcome, String problem, String cartId, String idempotencyKey,
                       String orderId, String orderStatus, String shipmentId, String productId,
                       List<Line> lines, String error, String orderToken) {
    public static final String TYPE = "op";

    public OpRecord {
        lines = lines == null ? null : List.copyOf(lines);
    }

    public static Builder op(String op) {
        return new Builder(op);
    }

    public Builder toBuilder() {
        Builder b = new Builder(op);
        b.session = session;
        b.kind = kind;
        b.attempt = attempt;
        b.request = request;
        b.intendedMicros = intendedMicros;
        b.startMicros = startMicros;
        b.endMicros = endMicros;
        b.latencyMicros = latencyMicros;
        b.status = status;
        b.outcome = outcome;
        b.problem = problem;
        b.cartId = cartId;
        b.idempotencyKey = idempotencyKey;
        b.orderId = orderId;
        b.orderStatus = orderStatus;
        b.shipmentId = shipmentId;
        b.productId = productId;
        b.lines = lines;
        b.error = error;
        b.orderToken = orderToken;
        return b;
    }

    /** Fluent construction: the engine fills what it knows, tests write hand-made histories with it. */
    public static final class Builder {
        private final String op;
        private long session;
        private String kind;
        private Integer attempt;
        private String request;
        private long intendedMicros;
        private long startMicros;
        private long endMicros;
        private long latencyMicros;
        private int status;
        private String outcome;
        private String problem;
        private String cartId;
        private String idempotencyKey;
        private String orderId;
        private String orderStatus;
        private String shipmentId;
        private String productId;
        private List<Line> lines;
        private String error;
        private String orderToken;

        private Builder(String op) {
            this.op = op;
        }

        public Builder session(long v) { session = v; return this; }
        public Builder kind(String v) { kind = v; return this; }
        public Builder attempt(Integer v) { attempt = v; return this; }
        public Builder request(String v) { request = v; return this; }
        public Builder times(long intended, long start, long end) {
            intendedMicros = intended;
            startMicros = start;
            endMicros = end;
            latencyMicros = end - intended;
            return this;
        }
        public Builder status(int v) { status = v; return this; }
        public Builder outcome(String v) { outcome = v; return this; }
        public Builder problem(String v) { problem = v; return this; }
        public Builder cartId(String v) { cartId = v; return this; }
        public Builder idempotencyKey(String v) { idempotencyKey = v; return this; }
        public Builder orderId(String v) { orderId = v; return this; }
        public Builder orderStatus(String v) { orderStatus = v; return this; }
        public Builder shipmentId(String v) { shipmentId = v; return this; }
        public Builder productId(String v) { productId = v; return this; }
        public Builder lines(List<Line> v) { lines = v; return this; }
        public Builder error(String v) { error = v; return this; }
        public Builder orderToken(String v) { orderToken = v; return this; }

        public OpRecord build() {
            return new OpRecord(TYPE, session, kind, op, attempt, request, intendedMicros, startMicros, endMicros,
                    latencyMicros, status, outcome, problem, cartId, idempotencyKey, orderId, orderStatus, shipmentId,
                    productId, lines, error, orderToken);
        }
    }
}
