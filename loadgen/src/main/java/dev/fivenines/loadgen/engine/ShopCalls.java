package dev.fivenines.loadgen.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.loadgen.history.HistorySink;
import dev.fivenines.loadgen.history.OpRecord;
import dev.fivenines.loadgen.stats.Outcome;
import dev.fivenines.loadgen.stats.Stats;

import java.util.Map;

/**
 * Makes one timed exchange and records it. Latency runs from the operation's intended start, never
 * from when the request happened to be sent, so a late generator or a stalled server shows up in
 * the figures instead of being hidden (coordinated omission).
 */
final class ShopCalls {
    static final String API = "/api/v1";

    private final String runId;
    private final Transport transport;
    private final Ticker ticker;
    private final long runStartNanos;
    private final long timeoutMillis;
    private final Stats stats;
    private final HistorySink history;

    /** Sent on every request so the edge can follow (and value) a session across its requests. */
    static final String SESSION_HEADER = "X-Session-Id";
    /** A returning customer (see {@link Session#returning}); a feature of the edge's value model. */
    static final String RETURNING_HEADER = "X-Returning-Customer";

    ShopCalls(Transport transport, Ticker ticker, long runStartNanos, long timeoutMillis, Stats stats, HistorySink history,
              String runId) {
        this.runId = runId;
        this.transport = transport;
        this.ticker = ticker;
        this.runStartNanos = runStartNanos;
        this.timeoutMillis = timeoutMillis;
        this.stats = stats;
        this.history = history;
    }

    /** Sends one request; nothing is recorded yet. */
    Exchange send(Session s, String op, String method, String path, Map<String, String> headers, String body,
                  long intendedNanos, Integer attempt) {
        long start = ticker.nanoTime();
        Map<String, String> withSession = new java.util.LinkedHashMap<>(headers);
        withSession.put(SESSION_HEADER, runId + "-" + s.id());
        if (s.returning()) {
            withSession.put(RETURNING_HEADER, "true");
        }
        Reply reply = transport.send(method, API + path, withSession, body, timeoutMillis);
        long end = ticker.nanoTime();
        JsonNode json = null;
        Outcome outcome;
        String problemType = null;
        String error = reply.detail();
        if (reply.failure() != Reply.Failure.NONE) {
            outcome = switch (reply.failure()) {
                case TIMEOUT -> Outcome.TIMEOUT;
                case TOO_LARGE -> Outcome.BAD_RESPONSE;
                case ABANDONED -> Outcome.ABANDONED;
                default -> Outcome.IO_ERROR;
            };
        } else {
            boolean success = reply.status() >= 200 && reply.status() < 300;
            if (success || reply.isProblem()) {
                try {
                    json = reply.body() == null || reply.body().isBlank() ? null : Json.mapper().readTree(reply.body());
                } catch (JsonProcessingException e) {
                    error = "body is not JSON: " + e.getOriginalMessage();
                }
            }
            if (json != null && reply.isProblem() && json.hasNonNull("type")) {
                problemType = json.get("type").asText();
            }
            outcome = Outcome.of(reply.status(), problemType);
            if (success && json == null && !"DELETE".equals(method)) {
                outcome = Outcome.BAD_RESPONSE;
            }
        }
        OpRecord.Builder record = OpRecord.op(op).session(s.id()).kind(s.kind().key()).attempt(attempt)
                .request(method + " " + API + path)
                .times(micros(intendedNanos), micros(start), micros(end))
                .status(reply.status()).outcome(outcome.key()).problem(problemType).error(error);
        return new Exchange(op, reply, json, outcome, intendedNanos, start, end, record);
    }

    /** Writes one exchange to the history. */
    void history(Exchange e) {
        history.append(e.record().build());
    }

    /** Counts an operation (possibly several attempts) in the statistics. */
    void stats(String op, Outcome outcome, long intendedNanos, long firstSendNanos, long endNanos) {
        stats.record(op, outcome, (endNanos - intendedNanos) / 1_000, (endNanos - firstSendNanos) / 1_000,
                endNanos - runStartNanos);
    }

    private long micros(long nanos) {
        return (nanos - runStartNanos) / 1_000;
    }
}
