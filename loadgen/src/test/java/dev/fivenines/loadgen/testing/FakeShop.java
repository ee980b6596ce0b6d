package dev.fivenines.loadgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fivenines.base.Json;
import dev.fivenines.loadgen.engine.Reply;
import dev.fivenines.loadgen.engine.Transport;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * An in-memory imitation of the shop's API, just faithful enough for the generator and the
 * checkers: catalogue, carts, idempotent checkout with stock, orders that move one state per read,
 * shipments. Faults are switched on by tests. Used directly as a {@link Transport} in unit tests and
 * behind a real HTTP server in integration tests.
 */
public final class FakeShop implements Transport {
    private static final String CURRENCY = "EUR";
    private final List<String> productIds = new ArrayList<>();
    private final Map<String, Long> stock = new HashMap<>();
    private final Map<String, List<long[]>> carts = new HashMap<>();
    private final Map<String, ObjectNode> orders = new LinkedHashMap<>();
    /** Like the shop: checkout hands each order's token out, reads without it are a 404. */
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, String> orderByKey = new HashMap<>();
    private final Map<String, String> bodyByKey = new HashMap<>();
    private final Map<String, List<String>> shipments = new HashMap<>();
    private final Deque<Reply> cannedCheckoutReplies = new ArrayDeque<>();
    private final AtomicInteger productReadsBlocked = new AtomicInteger();
    private final List<String> lineProductIds = new ArrayList<>();
    private volatile CountDownLatch productGate;
    private LongConsumer requestCostMillis = m -> { };
    private long costMillis;
    private boolean ignoreStock;
    private int sequence;

    private final java.util.Set<String> sessionIds = new java.util.HashSet<>();
    private final java.util.Set<String> returningSessionIds = new java.util.HashSet<>();
    private int requestsWithoutSession;

    private int sessionsIssued;

    /** Sessions that started with the customer cookie an earlier checkout set, as the edge's does. */
    public synchronized java.util.Set<String> returningSessionIds() {
        return java.util.Set.copyOf(returningSessionIds);
    }

    /**
     * Distinct sessions seen, by the session cookie the shop issued (as the edge does), and requests
     * that came without one (each starts a session).
     */
    public synchronized java.util.Set<String> sessionIds() {
        return java.util.Set.copyOf(sessionIds);
    }

    public synchronized int requestsWithoutSession() {
        return requestsWithoutSession;
    }

    public FakeShop(int products) {
        for (int i = 0; i < products; i++) {
            String id = "p-" + i;
            productIds.add(id);
            lineProductIds.add(id);
            stock.put(id, 1_000_000L);
        }
    }

    /** Each request moves the given (fake) clock by {@code millis}. */
    public synchronized FakeShop costing(long millis, LongConsumer clock) {
        this.costMillis = millis;
        this.requestCostMillis = clock;
        return this;
    }

    public synchronized FakeShop stock(String productId, long units) {
        stock.put(productId, units);
        return this;
    }

    /** Fault: sell whatever is asked, stock or not. */
    public synchronized FakeShop ignoringStock() {
        ignoreStock = true;
        return this;
    }

    /** The next checkouts get these answers, before any real processing. */
    public synchronized FakeShop thenCheckoutAnswers(Reply... replies) {
        cannedCheckoutReplies.addAll(List.of(replies));
        return this;
    }

    /** Fault: product pages stall until {@link #releaseProductPages()}. */
    public void stallProductPages() {
        productGate = new CountDownLatch(1);
    }

    public void releaseProductPages() {
        productGate.countDown();
    }

    public int productReadsBlocked() {
        return productReadsBlocked.get();
    }

    /** Fault: the shop forgets an order it acknowledged. */
    public synchronized void forget(String orderId) {
        orders.remove(orderId);
    }

    /** Fault: an order gets a second shipment (an event handled twice). */
    public synchronized void shipTwice(String orderId) {
        shipments.computeIfAbsent(orderId, k -> new ArrayList<>()).add("ship-dup-" + orderId);
    }

    public synchronized List<String> orderIds() {
        return List.copyOf(orders.keySet());
    }

    /** Each order's access token, by order id, in the order they were placed. */
    public synchronized Map<String, String> orderTokens() {
        return new LinkedHashMap<>(tokens);
    }

    @Override
    public Reply send(String method, String pathAndQuery, Map<String, String> headers, String jsonBody, long timeoutMillis) {
        Map<String, String> cookies = cookies(headers.get("Cookie"));
        List<String> setCookies = new ArrayList<>();
        String session = cookies.get(SESSION_COOKIE);
        synchronized (this) {
            if (session == null) {
                requestsWithoutSession++;
                session = "fake-session-" + (++sessionsIssued);
                setCookies.add(SESSION_COOKIE + "=" + session + "; Path=/; HttpOnly");
                if (cookies.containsKey(CUSTOMER_COOKIE)) {
                    // came in with a cookie an earlier purchase left (a buyer's own later requests do not count)
                    returningSessionIds.add(session);
                }
            }
            sessionIds.add(session);
        }
        Reply reply = answer(method, pathAndQuery, headers, jsonBody, timeoutMillis);
        if (method.equals("POST") && pathAndQuery.equals("/api/v1/checkout") && reply.status() == 201) {
            setCookies.add(CUSTOMER_COOKIE + "=bought-in-" + session + "; Max-Age=7776000; Path=/; HttpOnly");
        }
        // a reply that never arrived (a timeout) delivered no cookie
        return setCookies.isEmpty() || reply.status() == 0 ? reply : new Reply(reply.status(), reply.body(), reply.contentType(),
                reply.retryAfterMillis(), reply.failure(), reply.detail(), setCookies);
    }

    /** The cookies the edge sets, by the names it uses (node's EdgeSessions). */
    public static final String SESSION_COOKIE = "fivenines_session";
    public static final String CUSTOMER_COOKIE = "fivenines_customer";

    private static Map<String, String> cookies(String header) {
        Map<String, String> out = new HashMap<>();
        if (header != null) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
        }
        return out;
    }

    private Reply answer(String method, String pathAndQuery, Map<String, String> headers, String jsonBody, long timeoutMillis) {
        CountDownLatch gate = productGate;
        if (gate != null && method.equals("GET") && pathAndQuery.startsWith("/api/v1/products/")) {
            productReadsBlocked.incrementAndGet();
            try {
                if (!gate.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                    return Reply.failed(Reply.Failure.TIMEOUT, "stalled product page");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Reply.failed(Reply.Failure.ABANDONED, "interrupted");
            }
        }
        synchronized (this) {
            requestCostMillis.accept(costMillis);
            try {
                return route(method, pathAndQuery, headers, jsonBody);
            } catch (RuntimeException e) {
                return problem(500, "internal", e.toString());
            }
        }
    }

    private Reply route(String method, String pathAndQuery, Map<String, String> headers, String body) throws RuntimeException {
        String path = pathAndQuery;
        Map<String, String> query = new HashMap<>();
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            path = pathAndQuery.substring(0, q);
            for (String kv : pathAndQuery.substring(q + 1).split("&")) {
                String[] p = kv.split("=", 2);
                query.put(p[0], p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
            }
        }
        String[] seg = path.substring("/api/v1/".length()).split("/");
        return switch (method + " " + seg[0] + (seg.length > 1 ? "/{}" : "") + (seg.length > 2 ? "/" + seg[2] : "")) {
            case "GET products" -> listProducts(query);
            case "GET products/{}" -> productIds.contains(seg[1]) ? ok(200, ((ObjectNode)
                    product(seg[1]).set("recommendations", Json.mapper().createArrayNode())).put("availableUnits", stock.get(seg[1])))
                    : problem(404, "not-found", "no product " + seg[1]);
            case "GET recommendations" -> ok(200, Json.mapper().createObjectNode().set("items", Json.mapper().createArrayNode()));
            case "POST carts" -> createCart();
            case "POST carts/{}/lines" -> addLine(seg[1], body);
            case "POST checkout" -> checkout(headers.get("Idempotency-Key"), body);
            case "GET orders/{}" -> tokens.containsKey(seg[1]) && tokens.get(seg[1]).equals(headers.get("X-Order-Token"))
                    ? readOrder(seg[1]) : problem(404, "not-found", "no order " + seg[1]);
            case "GET shipments/{}" -> readShipment(seg[1]);
            default -> problem(404, "not-found", "no route " + method + " " + path);
        };
    }

    private Reply listProducts(Map<String, String> query) {
        int page = Integer.parseInt(query.getOrDefault("page", "0"));
        int size = Integer.parseInt(query.getOrDefault("size", "20"));
        List<String> matching = query.containsKey("q") ? productIds.subList(0, Math.min(3, productIds.size())) : productIds;
        ArrayNode items = Json.mapper().createArrayNode();
        matching.stream().skip((long) page * size).limit(size).forEach(id -> items.add(product(id)));
        ObjectNode out = Json.mapper().createObjectNode().put("page", page).put("size", size).put("total", matching.size());
        out.set("items", items);
        return ok(200, out);
    }

    private ObjectNode product(String id) {
        ObjectNode p = Json.mapper().createObjectNode().put("id", id).put("name", "Product " + id)
                .put("description", "a thing").put("category", "things");
        p.set("price", Json.mapper().createObjectNode().put("amount", "10.00").put("currency", CURRENCY));
        return p;
    }

    private Reply createCart() {
        String id = "cart-" + (++sequence);
        carts.put(id, new ArrayList<>());
        return ok(201, cart(id));
    }

    private ObjectNode cart(String id) {
        ObjectNode c = Json.mapper().createObjectNode().put("id", id);
        ArrayNode lines = c.putArray("lines");
        long count = 0;
        for (long[] l : carts.get(id)) {
            lines.addObject().put("productId", lineProductIds.get((int) l[0])).put("quantity", l[1]);
            count += l[1];
        }
        c.put("itemCount", count);
        return c;
    }

    private Reply addLine(String cartId, String body) {
        if (!carts.containsKey(cartId)) {
            return problem(404, "not-found", "no cart " + cartId);
        }
        JsonNode b = read(body);
        String productId = b.path("productId").asText();
        int index = lineProductIds.indexOf(productId);
        if (index < 0) {
            return problem(400, "invalid-request", "productId " + productId + " does not exist");
        }
        carts.get(cartId).add(new long[] {index, b.path("quantity").asLong()});
        return ok(200, cart(cartId));
    }

    private Reply checkout(String key, String body) {
        if (key == null) {
            return problem(400, "invalid-request", "Idempotency-Key header is required");
        }
        if (!cannedCheckoutReplies.isEmpty()) {
            return cannedCheckoutReplies.poll();
        }
        if (orderByKey.containsKey(key)) {
            if (!bodyByKey.get(key).equals(body)) {
                return problem(422, "idempotency-key-reused", "key reused with another body");
            }
            ObjectNode existing = orders.get(orderByKey.get(key));
            return existing == null ? problem(500, "internal", "order vanished")
                    : ok(201, existing.deepCopy().put("accessToken", tokens.get(orderByKey.get(key))));
        }
        JsonNode b = read(body);
        List<long[]> lines = carts.get(b.path("cartId").asText());
        if (lines == null) {
            return problem(404, "not-found", "no cart");
        }
        for (long[] l : lines) {
            String pid = lineProductIds.get((int) l[0]);
            if (!ignoreStock && stock.get(pid) < l[1]) {
                return problem(409, "out-of-stock", pid + " is sold out");
            }
        }
        String orderId = "order-" + (++sequence);
        ObjectNode order = Json.mapper().createObjectNode().put("id", orderId).put("status", "PLACED")
                .put("email", b.path("email").asText());
        ArrayNode out = order.putArray("lines");
        for (long[] l : lines) {
            String pid = lineProductIds.get((int) l[0]);
            stock.merge(pid, -l[1], Long::sum);
            out.addObject().put("productId", pid).put("quantity", l[1]);
        }
        order.putObject("payment").put("status", "AUTHORIZED");
        orders.put(orderId, order);
        tokens.put(orderId, "token-of-" + orderId);
        orderByKey.put(key, orderId);
        bodyByKey.put(key, body);
        return ok(201, order.deepCopy().put("accessToken", tokens.get(orderId)));
    }

    /** Each read moves the order one step on: PLACED, PAID, SHIPPED (a shipment is created), DELIVERED. */
    private Reply readOrder(String id) {
        ObjectNode order = orders.get(id);
        if (order == null) {
            return problem(404, "not-found", "no order " + id);
        }
        ObjectNode answer = order.deepCopy();
        String next = switch (order.get("status").asText()) {
            case "PLACED" -> "PAID";
            case "PAID" -> "SHIPPED";
            default -> "DELIVERED";
        };
        List<String> shipped = shipments.computeIfAbsent(id, k -> new ArrayList<>());
        if (next.equals("SHIPPED") && !shipped.contains("ship-" + id)) {
            shipped.add(0, "ship-" + id);
        }
        if (shipped.isEmpty()) {
            shipments.remove(id);
        }
        order.put("status", next);
        return ok(200, answer);
    }

    private Reply readShipment(String orderId) {
        List<String> ids = shipments.get(orderId);
        if (ids == null) {
            return problem(404, "not-found", "no shipment for " + orderId);
        }
        if (ids.size() == 1) {
            return ok(200, Json.mapper().createObjectNode().put("shipmentId", ids.get(0)).put("orderId", orderId).put("status", "SHIPPED"));
        }
        ArrayNode list = Json.mapper().createArrayNode();
        ids.forEach(s -> list.addObject().put("shipmentId", s).put("orderId", orderId));
        return ok(200, Json.mapper().createObjectNode().set("shipments", list));
    }

    private static JsonNode read(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad JSON body", e);
        }
    }

    private static Reply ok(int status, JsonNode body) {
        return Reply.of(status, body.toString(), "application/json", -1);
    }

    public static Reply problem(int status, String slug, String detail) {
        return Reply.of(status, "{\"type\":\"/problems/" + slug + "\",\"title\":\"" + slug + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}", "application/problem+json", -1);
    }

    @Override
    public void close() {
    }
}
