package dev.fivenines.edge;

import dev.fivenines.edge.cache.ResponseCache;
import dev.fivenines.web.Caching;
import dev.fivenines.web.EntityTag;
import dev.fivenines.web.HeadResponse;
import dev.fivenines.web.server.Meters;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The Helidon side of the edge's {@link ResponseCache}: answers a request from it (200, or 304 when
 * the client's If-None-Match holds the kept tag), offers upstream answers to it, and answers
 * conditional requests itself (the upstream is asked without If-None-Match, so a miss brings back a
 * body to keep). {@code X-Cache} says HIT or MISS; a hit's {@code Age} says how long it was kept.
 */
final class EdgeCache {
    static final HeaderName X_CACHE = HeaderNames.create("X-Cache");
    /** What a 304 repeats of the 200 it stands for (RFC 9110 §15.4.5). */
    private static final List<String> NOT_MODIFIED_KEEPS = List.of("etag", "cache-control", "vary", "expires",
            "content-location", "date");

    private final ResponseCache cache;
    private final LongSupplier nanoTime;

    EdgeCache(ResponseCache cache, LongSupplier nanoTime) {
        this.cache = cache;
        this.nanoTime = nanoTime;
    }

    /** Whether this request goes through the cache at all (GET or HEAD without Authorization). */
    boolean handles(String method, ServerRequest req) {
        return ResponseCache.handles(method, headerLookup(req.headers()));
    }

    /** Answers from the cache and says true, or says false (a miss: forward it). */
    boolean answer(ServerRequest req, ServerResponse res, String method, String target) {
        long now = nanoTime.getAsLong();
        ResponseCache.Stored s = cache.lookup(method, target, headerLookup(req.headers()), now);
        if (s == null) {
            return false;
        }
        List<Header> copied = new ArrayList<>(s.headers().size());
        for (ResponseCache.Header h : s.headers()) {
            copied.add(io.helidon.http.HeaderValues.create(h.name(), h.value()));
        }
        res.header(HeaderNames.AGE, Long.toString(s.ageSeconds(now)));
        res.header(X_CACHE, "HIT");
        if (s.etag() != null && clientHolds(req, s.etag())) {
            notModified(res, copied);
            return true;
        }
        res.status(Status.create(s.status()));
        copied.forEach(res::header);
        keepCookiesPrivate(res.headers());
        HeadResponse.forRequest(req, res).send(s.body());
        return true;
    }

    /**
     * Keeps {@code answer} when the rules allow and relays it: a 304 of the edge's own when it is a
     * 200 whose ETag the client's If-None-Match holds.
     */
    void relay(ServerRequest req, ServerResponse res, String method, String target, UpstreamClient.Answered answer) {
        List<ResponseCache.Header> headers = new ArrayList<>();
        String etag = null;
        for (Header h : answer.headers()) {
            if (!ProxyHeaders.isHopByHop(h.name())) {
                // one header per name: Set-Cookie, the one header that cannot be joined, is never kept
                headers.add(new ResponseCache.Header(h.name(), String.join(", ", h.allValues())));
            }
            if (h.name().equalsIgnoreCase("etag")) {
                etag = h.get();
            }
        }
        cache.offer(method, target, headerLookup(req.headers()), answer.status(), headers, answer.body(), nanoTime.getAsLong());
        res.header(X_CACHE, "MISS");
        if (answer.status() == 200 && etag != null && clientHolds(req, etag)) {
            List<Header> kept = new ArrayList<>();
            answer.headers().forEach(kept::add);
            notModified(res, kept);
            return;
        }
        ProxyHeaders.copyResponse(answer, res);
    }

    /**
     * An answer that carries a session cookie of the edge's own must not be kept by a shared cache in
     * front of the edge (a CDN would hand that session to everyone): public becomes private.
     */
    static void keepCookiesPrivate(ServerResponseHeaders headers) {
        if (!headers.contains(HeaderNames.SET_COOKIE)) {
            return;
        }
        headers.first(HeaderNames.CACHE_CONTROL).ifPresent(cc -> {
            if (cc.toLowerCase(Locale.ROOT).contains("public")) {
                headers.set(HeaderNames.CACHE_CONTROL, cc.replaceAll("(?i)public", "private"));
            }
        });
    }

    private static boolean clientHolds(ServerRequest req, String etagHeader) {
        List<String> noneMatch = req.headers().all(HeaderNames.IF_NONE_MATCH, List::of);
        if (noneMatch.isEmpty()) {
            return false;
        }
        List<EntityTag> tags = Caching.parseList(etagHeader);
        return tags.size() == 1 && Caching.anyMatches(noneMatch, tags.get(0));
    }

    private static void notModified(ServerResponse res, List<Header> of) {
        res.status(Status.NOT_MODIFIED_304);
        for (Header h : of) {
            if (NOT_MODIFIED_KEEPS.contains(h.name().toLowerCase(Locale.ROOT))) {
                res.header(h);
            }
        }
        keepCookiesPrivate(res.headers());
        res.send();
    }

    /** A request header's values joined by commas, by lower-case name; null when absent. */
    static Function<String, String> headerLookup(Headers headers) {
        return name -> {
            List<String> values = headers.all(HeaderNames.create(name), List::of);
            return values.isEmpty() ? null : String.join(",", values);
        };
    }

    /** Hits, misses, stores and evictions, entries and bytes on /metrics. */
    static void registerMeters(MeterRegistry registry, ResponseCache cache) {
        Meters meters = new Meters(registry);
        meters.counter("fivenines.edge.cache.hits", "requests answered from the edge's response cache", cache,
                ResponseCache::hits, List.of());
        meters.counter("fivenines.edge.cache.misses", "cacheable-method requests the edge's cache could not answer", cache,
                ResponseCache::misses, List.of());
        meters.counter("fivenines.edge.cache.stores", "answers kept by the edge's response cache", cache,
                ResponseCache::stores, List.of());
        meters.counter("fivenines.edge.cache.evictions", "answers pushed out of the edge's cache by its entry or byte bound",
                cache, ResponseCache::evictions, List.of());
        meters.gauge("fivenines.edge.cache.entries", "answers in the edge's response cache", cache,
                ResponseCache::entries, List.of());
        meters.gauge("fivenines.edge.cache.bytes", "bytes in the edge's response cache", cache,
                ResponseCache::bytes, List.of());
    }
}
