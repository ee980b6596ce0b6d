package dev.fivenines.loadgen.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Backoff;
import dev.fivenines.base.Json;
import dev.fivenines.loadgen.history.OpRecord;
import dev.fivenines.loadgen.history.Line;
import dev.fivenines.loadgen.scenario.Catalog;
import dev.fivenines.loadgen.scenario.CheckoutRetry;
import dev.fivenines.loadgen.scenario.FlashSale;
import dev.fivenines.loadgen.scenario.Scenario;
import dev.fivenines.loadgen.stats.Outcome;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/** Plays one session of a given kind against the shop's API, recording every exchange. */
final class SessionRunner {
    static final String LIST = "list";
    static final String SEARCH = "search";
    static final String PRODUCT = "product";
    static final String RECOMMENDATIONS = "recommendations";
    static final String CART_CREATE = "cart.create";
    static final String CART_ADD = "cart.add";
    static final String CHECKOUT = "checkout";
    static final String ORDER = "order";
    static final String SHIPMENT = "shipment";
    static final String ORDER_TOKEN = "X-Order-Token";

    /** Worth retrying with the same key: the checkout may not have happened, or the shop asked us to come back. */
    private static final Set<Outcome> RETRYABLE = EnumSet.of(Outcome.TIMEOUT, Outcome.IO_ERROR, Outcome.SHED,
            Outcome.THROTTLED, Outcome.SERVER_ERROR);
    private static final Set<String> SHIPPABLE = Set.of("PAID", "SHIPPED", "DELIVERED");

    private final ShopCalls calls;
    private final Ticker ticker;
    private final Catalog catalog;
    private final CheckoutRetry retry;
    private final Backoff backoff;
    private final FlashSale flashSale;
    private final KnownOrders knownOrders;
    private final BooleanSupplier stopping;
    private final long keySalt;
    private final AtomicLong knownProductTotal = new AtomicLong(-1);

    SessionRunner(Scenario scenario, ShopCalls calls, Ticker ticker, KnownOrders knownOrders, BooleanSupplier stopping,
                  String runId) {
        this.calls = calls;
        this.ticker = ticker;
        this.catalog = scenario.catalog();
        this.retry = scenario.checkoutRetry();
        this.backoff = Backoff.fullJitter(retry.backoffMillis(), retry.maxBackoffMillis(), 2.0);
        this.flashSale = scenario.flashSale();
        this.knownOrders = knownOrders;
        this.stopping = stopping;
        this.keySalt = salt(runId);
    }

    /** Runs the session to its end; returns false if it was cut off because the run was stopping. */
    boolean run(Session s) {
        switch (s.kind()) {
            case BROWSE -> browse(s);
            case SEARCH -> search(s);
            case CART -> cart(s, false);
            case BUY -> cart(s, true);
            case STATUS -> status(s);
            case FLASH_BUY -> flashBuy(s);
            default -> throw new IllegalStateException("no session for kind " + s.kind());
        }
        return !s.abandoned();
    }

    private void browse(Session s) {
        List<String> products = listPage(s);
        if (products.isEmpty() || s.abandoned()) {
            return;
        }
        String product = products.get(s.random().nextInt(products.size()));
        if (get(s, PRODUCT, "/products/" + enc(product), product).ok()) {
            get(s, RECOMMENDATIONS, "/recommendations?product=" + enc(product) + "&limit=5", product);
        }
    }

    private void search(Session s) {
        List<String> terms = catalog.searchTerms();
        String q = terms.isEmpty() ? "a" : terms.get(s.random().nextInt(terms.size()));
        Exchange e = get(s, SEARCH, "/products?page=0&size=" + catalog.pageSize() + "&q=" + enc(q), null);
        List<String> hits = ids(e);
        if (!hits.isEmpty() && !s.abandoned()) {
            get(s, PRODUCT, "/products/" + enc(hits.get(0)), hits.get(0));
        }
    }

    private void cart(Session s, boolean buy) {
        List<String> products = listPage(s);
        if (products.isEmpty() || s.abandoned()) {
            return;
        }
        List<Line> wanted = new ArrayList<>();
        String first = products.get(s.random().nextInt(products.size()));
        wanted.add(new Line(first, 1 + s.random().nextInt(catalog.maxQuantity())));
        if (products.size() > 1 && s.random().nextDouble() < 0.3) {
            String second = products.get(s.random().nextInt(products.size()));
            if (!second.equals(first)) {
                wanted.add(new Line(second, 1 + s.random().nextInt(catalog.maxQuantity())));
            }
        }
        if (!get(s, PRODUCT, "/products/" + enc(first), first).ok() || s.abandoned()) {
            return;
        }
        fillAndCheckout(s, wanted, buy);
    }

    private void flashBuy(Session s) {
        fillAndCheckout(s, List.of(new Line(flashSale.sku(), flashSale.quantity())), true);
    }

    private void fillAndCheckout(Session s, List<Line> wanted, boolean buy) {
        Exchange created = post(s, CART_CREATE, "/carts", "{}", Map.of(), b -> { });
        String cartId = created.text("id");
        if (!created.ok() || cartId == null || s.abandoned()) {
            return;
        }
        for (Line line : wanted) {
            String body = "{\"productId\":" + quote(line.productId()) + ",\"quantity\":" + line.quantity() + "}";
            Exchange added = post(s, CART_ADD, "/carts/" + enc(cartId) + "/lines", body, Map.of(),
                    b -> b.cartId(cartId).productId(line.productId()).lines(List.of(line)));
            if (!added.ok() || s.abandoned()) {
                return;
            }
        }
        if (buy) {
            checkout(s, cartId, wanted).ifPresent(order -> {
                if (!s.abandoned()) {
                    getOrder(s, order);
                }
            });
        }
    }

    /**
     * Checks out with one Idempotency-Key for every attempt, so a retry after a timeout can never
     * buy twice. Counted in the statistics once, from the first attempt's intended start to the final answer.
     */
    private Optional<KnownOrders.Known> checkout(Session s, String cartId, List<Line> wanted) {
        String key = idempotencyKey(s.random());
        String body = "{\"cartId\":" + quote(cartId) + ",\"email\":" + quote("buyer-" + s.id() + "@loadgen.test") + "}";
        long opIntended = s.nextIntendedNanos();
        long attemptIntended = opIntended;
        long firstSend = -1;
        Exchange last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            last = calls.send(s, CHECKOUT, "POST", "/checkout", Map.of("Idempotency-Key", key), body, attemptIntended, attempt);
            if (firstSend < 0) {
                firstSend = last.startNanos();
            }
            last.record().cartId(cartId).idempotencyKey(key).lines(wanted);
            if (last.ok()) {
                String orderId = last.text("id");
                if (orderId == null) {
                    last = withOutcome(last, Outcome.BAD_RESPONSE, "201 without an order id");
                } else {
                    last.record().orderId(orderId).orderStatus(last.text("status")).lines(orderLines(last.json(), wanted))
                            .orderToken(last.text("accessToken"));
                    knownOrders.add(orderId, last.text("accessToken"));
                }
            }
            calls.history(last);
            if (last.outcome() == Outcome.ABANDONED) {
                s.abandon();
                break;
            }
            if (!RETRYABLE.contains(last.outcome()) || attempt == retry.maxAttempts() || stopping.getAsBoolean()) {
                break;
            }
            attemptIntended = last.endNanos() + backoffNanos(attempt, last.reply().retryAfterMillis(), s.random());
            try {
                ticker.sleepUntil(attemptIntended);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s.abandon();
                break;
            }
        }
        calls.stats(CHECKOUT, last.outcome(), opIntended, firstSend, last.endNanos());
        s.nextDueAt(last.endNanos());
        return last.outcome() == Outcome.OK && last.text("id") != null
                ? Optional.of(new KnownOrders.Known(last.text("id"), last.text("accessToken"))) : Optional.empty();
    }

    /**
     * Full-jitter exponential backoff: the ceiling is {@link Backoff}'s (backoffMillis doubling, capped at
     * maxBackoffMillis); the draw stays in [0, ceiling] inclusive from the session's generator, so a seeded
     * run replays the same schedule. A Retry-After is honoured (up to a cap) plus up to backoffMillis.
     */
    long backoffNanos(int attempt, long retryAfterMillis, RandomGenerator random) {
        long millis;
        if (retryAfterMillis >= 0) {
            millis = Math.min(retryAfterMillis, retry.maxRetryAfterMillis()) + random.nextLong(retry.backoffMillis() + 1);
        } else {
            millis = random.nextLong(backoff.ceilingMillis(attempt) + 1);
        }
        return millis * 1_000_000L;
    }

    private void status(Session s) {
        Optional<KnownOrders.Known> order = knownOrders.pick(s.random());
        if (order.isEmpty()) {
            browse(s);
            return;
        }
        Exchange e = getOrder(s, order.get());
        if (e.ok() && SHIPPABLE.contains(e.text("status")) && !s.abandoned()) {
            get(s, SHIPMENT, "/shipments/" + enc(order.get().orderId()), null, order.get().orderId());
        }
    }

    /** Reads an order with its access token, as the shop requires. */
    private Exchange getOrder(Session s, KnownOrders.Known order) {
        Map<String, String> headers = order.token() == null ? Map.of() : Map.of(ORDER_TOKEN, order.token());
        return get(s, ORDER, "/orders/" + enc(order.orderId()), null, order.orderId(), headers);
    }

    private List<String> listPage(Session s) {
        long total = knownProductTotal.get();
        int pages = total <= 0 ? 1 : (int) Math.max(1, Math.min(catalog.maxPages(), (total + catalog.pageSize() - 1) / catalog.pageSize()));
        StringBuilder path = new StringBuilder("/products?page=").append(s.random().nextInt(pages))
                .append("&size=").append(catalog.pageSize());
        if (!catalog.categories().isEmpty() && s.random().nextBoolean()) {
            path.append("&category=").append(enc(catalog.categories().get(s.random().nextInt(catalog.categories().size()))));
        }
        Exchange e = get(s, LIST, path.toString(), null);
        if (e.ok() && e.json().hasNonNull("total")) {
            knownProductTotal.set(e.json().get("total").asLong());
        }
        return ids(e);
    }

    private Exchange get(Session s, String op, String path, String productId) {
        return get(s, op, path, productId, null);
    }

    private Exchange get(Session s, String op, String path, String productId, String orderId) {
        return get(s, op, path, productId, orderId, Map.of());
    }

    private Exchange get(Session s, String op, String path, String productId, String orderId, Map<String, String> headers) {
        Exchange e = calls.send(s, op, "GET", path, headers, null, s.nextIntendedNanos(), null);
        e.record().productId(productId).orderId(orderId);
        if (e.ok() && ORDER.equals(op)) {
            e.record().orderStatus(e.text("status"));
        }
        if (e.ok() && SHIPMENT.equals(op)) {
            e.record().shipmentId(e.text("shipmentId"));
        }
        return finish(s, e);
    }

    private Exchange post(Session s, String op, String path, String body, Map<String, String> headers,
                          Consumer<OpRecord.Builder> tags) {
        Exchange e = calls.send(s, op, "POST", path, headers, body, s.nextIntendedNanos(), null);
        tags.accept(e.record());
        if (CART_CREATE.equals(op) && e.ok()) {
            e.record().cartId(e.text("id"));
        }
        return finish(s, e);
    }

    private Exchange finish(Session s, Exchange e) {
        calls.history(e);
        calls.stats(e.op(), e.outcome(), e.intendedNanos(), e.startNanos(), e.endNanos());
        s.nextDueAt(e.endNanos());
        if (e.outcome() == Outcome.ABANDONED) {
            s.abandon();
        }
        return e;
    }

    private static Exchange withOutcome(Exchange e, Outcome outcome, String error) {
        e.record().outcome(outcome.key()).error(error);
        return new Exchange(e.op(), e.reply(), e.json(), outcome, e.intendedNanos(), e.startNanos(), e.endNanos(), e.record());
    }

    private static List<String> ids(Exchange e) {
        List<String> ids = new ArrayList<>();
        if (e.ok() && e.json().path("items").isArray()) {
            for (JsonNode item : e.json().get("items")) {
                if (item.hasNonNull("id")) {
                    ids.add(item.get("id").asText());
                }
            }
        }
        return ids;
    }

    private static List<Line> orderLines(JsonNode order, List<Line> fallback) {
        if (order == null || !order.path("lines").isArray()) {
            return fallback;
        }
        List<Line> lines = new ArrayList<>();
        for (JsonNode l : order.get("lines")) {
            lines.add(new Line(l.path("productId").asText(null), l.path("quantity").asInt()));
        }
        return lines;
    }

    /** Random (seeded) version-4 UUID, salted with the run id so a rerun with the same seed does not replay old orders. */
    private String idempotencyKey(RandomGenerator random) {
        long msb = (random.nextLong() ^ keySalt) & 0xFFFFFFFFFFFF0FFFL | 0x0000000000004000L;
        long lsb = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private static long salt(String runId) {
        long h = 1125899906842597L;
        for (int i = 0; i < runId.length(); i++) {
            h = 31 * h + runId.charAt(i);
        }
        return h;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A JSON string literal, escaped by Jackson: ids come from the shop and are not trusted to be tidy. */
    private static String quote(String s) {
        return Json.mapper().getNodeFactory().textNode(s).toString();
    }
}
