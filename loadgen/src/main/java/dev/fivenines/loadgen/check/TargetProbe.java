package dev.fivenines.loadgen.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.loadgen.engine.Reply;
import dev.fivenines.loadgen.engine.Ticker;
import dev.fivenines.loadgen.engine.Transport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Reads orders and shipments back from the shop after a run. Orders are polled in rounds until
 * each is in a final state or {@code settleMillis} has passed (a 404 is retried too: a replica may
 * lag); every read has a timeout and at most {@code concurrency} reads run at once.
 */
public final class TargetProbe {
    static final Set<String> SHIPPABLE = Set.of("PAID", "SHIPPED", "DELIVERED");
    /** The header that carries an order's access token (the shop's OrderApi). */
    public static final String ORDER_TOKEN = "X-Order-Token";

    private final Transport transport;
    private final Ticker ticker;
    private final long timeoutMillis;
    private final long settleMillis;
    private final long pollIntervalMillis;
    private final Set<String> finalStates;
    private final int concurrency;

    public TargetProbe(Transport transport, Ticker ticker, long timeoutMillis, long settleMillis, long pollIntervalMillis,
                       Set<String> finalStates, int concurrency) {
        this.transport = transport;
        this.ticker = ticker;
        this.timeoutMillis = timeoutMillis;
        this.settleMillis = settleMillis;
        this.pollIntervalMillis = pollIntervalMillis;
        this.finalStates = Set.copyOf(finalStates);
        this.concurrency = concurrency;
    }

    /** Reads {@code orderIds} back without access tokens (a shop that requires them answers 404). */
    public Observations observe(Collection<String> orderIds) throws InterruptedException {
        Map<String, String> noTokens = new LinkedHashMap<>();
        orderIds.forEach(id -> noTokens.put(id, null));
        return observe(noTokens);
    }

    /** Reads each order back with its access token ({@code X-Order-Token}; null sends none). */
    public Observations observe(Map<String, String> tokenByOrderId) throws InterruptedException {
        Map<String, Observations.OrderObservation> orders = new ConcurrentHashMap<>();
        Set<String> pending = new LinkedHashSet<>(tokenByOrderId.keySet());
        long deadline = ticker.nanoTime() + settleMillis * 1_000_000L;
        while (true) {
            Map<String, Observations.OrderObservation> round = readAll(pending,
                    id -> readOrder(id, tokenByOrderId.get(id), orders.get(id)));
            orders.putAll(round);
            round.values().stream()
                    .filter(o -> o.httpStatus() == 200 && o.status() != null && finalStates.contains(o.status()))
                    .forEach(o -> pending.remove(o.orderId()));
            long now = ticker.nanoTime();
            if (pending.isEmpty() || now >= deadline) {
                break;
            }
            ticker.sleepUntil(Math.min(deadline, now + pollIntervalMillis * 1_000_000L));
        }
        List<String> shippable = orders.values().stream().filter(o -> o.status() != null && SHIPPABLE.contains(o.status()))
                .map(Observations.OrderObservation::orderId).toList();
        Map<String, Observations.ShipmentObservation> shipments = readAll(shippable, this::readShipment);
        return new Observations(orders, shipments, settleMillis, finalStates);
    }

    private <T> Map<String, T> readAll(Collection<String> ids, Function<String, T> read) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        Map<String, Future<T>> futures = new LinkedHashMap<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : ids) {
                Callable<T> task = () -> {
                    permits.acquire();
                    try {
                        return read.apply(id);
                    } finally {
                        permits.release();
                    }
                };
                futures.put(id, executor.submit(task));
            }
            Map<String, T> out = new LinkedHashMap<>();
            for (Map.Entry<String, Future<T>> e : futures.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException ex) {
                    throw new IllegalStateException("reading " + e.getKey() + " back failed in the checker", ex.getCause());
                }
            }
            return out;
        }
    }

    private Observations.OrderObservation readOrder(String id, String token, Observations.OrderObservation previous) {
        int reads = previous == null ? 1 : previous.reads() + 1;
        Reply r = transport.send("GET", "/api/v1/orders/" + enc(id), token == null ? Map.of() : Map.of(ORDER_TOKEN, token),
                null, timeoutMillis);
        if (r.status() == 200) {
            JsonNode body = parse(r.body());
            String status = body == null ? null : body.path("status").asText(null);
            return new Observations.OrderObservation(id, 200, status, reads, body == null ? "body is not JSON" : null);
        }
        return new Observations.OrderObservation(id, r.status(), null, reads,
                r.status() == 0 ? r.failure() + ": " + r.detail() : null);
    }

    private Observations.ShipmentObservation readShipment(String orderId) {
        Reply r = transport.send("GET", "/api/v1/shipments/" + enc(orderId), Map.of(), null, timeoutMillis);
        if (r.status() != 200) {
            return new Observations.ShipmentObservation(orderId, r.status(), List.of(), List.of(),
                    r.status() == 0 ? r.failure() + ": " + r.detail() : null);
        }
        JsonNode body = parse(r.body());
        if (body == null) {
            return new Observations.ShipmentObservation(orderId, 200, List.of(), List.of(), "body is not JSON");
        }
        // The API answers one shipment object; a list (bare or under "shipments") is read too, so duplicates show.
        List<JsonNode> items = new ArrayList<>();
        JsonNode list = body.isArray() ? body : body.get("shipments");
        if (list != null && list.isArray()) {
            list.forEach(items::add);
        } else {
            items.add(body);
        }
        List<String> ids = new ArrayList<>();
        List<String> orderIds = new ArrayList<>();
        for (JsonNode s : items) {
            if (s.hasNonNull("shipmentId")) {
                ids.add(s.get("shipmentId").asText());
            }
            if (s.hasNonNull("orderId")) {
                orderIds.add(s.get("orderId").asText());
            }
        }
        return new Observations.ShipmentObservation(orderId, 200, ids, orderIds, null);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
