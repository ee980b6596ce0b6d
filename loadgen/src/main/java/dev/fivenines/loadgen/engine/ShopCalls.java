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
 * the figures instead of being hidden (coordinated omission). Each session's cookies travel with
 * its requests, as a browser's do; the persistent ones of a successful checkout are what a later
 * returning visitor brings back ({@link CustomerCookies}).
 */
final class ShopCalls {
    static final String API = "/api/v1";

    private final Transport transport;
    private final Ticker ticker;
    private final long runStartNanos;
    private final long timeoutMillis;
    private final Stats stats;
    private final HistorySink history;

    /** Purchases whose cookies returning visitors bring back (see {@link Session#returning}). */
    static final int CUSTOMERS_KEPT = 1_024;
    private final CustomerCookies customers = new CustomerCookies(CUSTOMERS_KEPT);

    ShopCalls(Transport transport, Ticker ticker, long runStartNanos, long timeoutMillis, Stats stats, HistorySink history) {
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
        if (s.start() && s.returning()) {
            // A returning customer's browser still holds what an earlier purchase left (none before the first).
            customers.pick(s.id()).ifPresent(kept -> s.cookies().restore(kept));
        }
        long start = ticker.nanoTime();
        Map<String, String> withCookies = new java.util.LinkedHashMap<>(headers);
        String cookie = s.cookies().header();
        if (cookie != null) {
            withCookies.put("Cookie", cookie);
        }
        Reply reply = transport.send(method, API + path, withCookies, body, timeoutMillis);
        long end = ticker.nanoTime();
        s.cookies().accept(reply.setCookies());
        if ("POST".equals(method) && "/checkout".equals(path) && reply.status() == 201) {
            customers.add(s.cookies().persistent());
        }
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
