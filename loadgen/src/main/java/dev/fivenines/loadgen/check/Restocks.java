package dev.fivenines.loadgen.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.loadgen.engine.Reply;
import dev.fivenines.loadgen.engine.Transport;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stock made available during a run by replenishment: units received on purchase orders created
 * after the run started, read from the shop ({@code GET /api/v1/purchase-orders?sku=}). The oversell
 * bound is the stock at the start plus these; without them a sale that outlasts a restock would be
 * reported as oversold.
 */
final class Restocks {
    private Restocks() {
    }

    /** Units received per SKU since {@code since}; SKUs the shop reports nothing for are absent. */
    static Map<String, Long> since(Transport transport, Collection<String> skus, Instant since, long timeoutMillis) {
        Map<String, Long> received = new LinkedHashMap<>();
        for (String sku : skus) {
            Reply reply = transport.send("GET", "/api/v1/purchase-orders?limit=200&sku="
                    + URLEncoder.encode(sku, StandardCharsets.UTF_8), Map.of(), null, timeoutMillis);
            if (reply.status() != 200) {
                continue;
            }
            long units = unitsReceived(reply.body(), since);
            if (units > 0) {
                received.put(sku, units);
            }
        }
        return received;
    }

    static long unitsReceived(String body, Instant since) {
        try {
            long units = 0;
            for (JsonNode po : Json.mapper().readTree(body).path("items")) {
                Instant created = Instant.parse(po.path("createdAt").asText());
                if (!created.isBefore(since)) {
                    units += po.path("unitsReceived").asLong();
                }
            }
            return units;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the shop's purchase-order list is not what was expected: " + e.getMessage(), e);
        }
    }
}
