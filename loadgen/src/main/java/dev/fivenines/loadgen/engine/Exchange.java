package dev.fivenines.loadgen.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.loadgen.history.OpRecord;
import dev.fivenines.loadgen.stats.Outcome;

/**
 * One request and what came of it, before it is recorded: the session adds what it knows (cart,
 * key, order) to {@code record} and then hands it to the history.
 *
 * @param json the parsed body of a 2xx or problem response, or null
 */
record Exchange(String op, Reply reply, JsonNode json, Outcome outcome, long intendedNanos, long startNanos,
                long endNanos, OpRecord.Builder record) {
    boolean ok() {
        return outcome == Outcome.OK;
    }

    String text(String field) {
        if (json == null) {
            return null;
        }
        JsonNode v = json.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }
}
