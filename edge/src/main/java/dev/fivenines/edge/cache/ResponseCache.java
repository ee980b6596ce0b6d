package dev.fivenines.edge.cache;

import dev.fivenines.base.Check;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The edge's shared cache of public answers (RFC 9111, the parts a reverse proxy needs): catalogue
 * pages a shop said any cache may keep for a while are answered here without costing a shop
 * anything.
 *
 * <p>What is stored: the answer to a GET without {@code Authorization}, status 200, no
 * {@code Set-Cookie}, a Cache-Control with {@code s-maxage} or {@code max-age} above its {@code Age}
 * and none of {@code no-store}, {@code no-cache}, {@code private}, no {@code Vary: *}, at most
 * {@link Settings#maxEntryBytes}. It is served, to a GET or HEAD of the same target, while
 * younger than that freshness, and only to a request whose Vary'd headers have the values the
 * stored one had (one variant per target: another variant replaces it). A request that says
 * {@code no-cache}, {@code no-store} or {@code max-age=0} is not served from here.
 *
 * <p>Bounded by entries and by bytes, least recently used first out; expired entries leave when
 * met. Protocol: {@link #lookup} first; on a miss, {@link #offer} the upstream's answer (it decides
 * whether to keep it). Time is the caller's ({@code nowNanos}).
 */
public final class ResponseCache {
    /** One response header as relayed. */
    public record Header(String name, String value) {
    }

    /**
     * @param maxEntries    most answers kept
     * @param maxBytes      most bytes kept, bodies and headers together
     * @param maxEntryBytes largest answer kept
     */
    public record Settings(int maxEntries, long maxBytes, int maxEntryBytes) {
        public static final int DEFAULT_MAX_ENTRIES = 10_000;
        /** The edge runs in a 128 MB heap; a product page is about 1 KiB. */
        public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;
        public static final int DEFAULT_MAX_ENTRY_BYTES = 256 * 1024;

        public Settings {
            // Named by their configuration keys (the edge's traffic.cache section).
            Check.inRange("traffic.cache.maxEntries", maxEntries, 1, 10_000_000);
            Check.inRange("traffic.cache.maxBytes", maxBytes, 1024, 1L << 34);
            Check.inRange("traffic.cache.maxEntryBytes", maxEntryBytes, 1, maxBytes);
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRY_BYTES);
        }
    }

    /**
     * A kept answer.
     *
     * @param etag           its ETag header value, null when it has none
     * @param initialAgeSecs the Age it came with
     */
    public record Stored(int status, List<Header> headers, byte[] body, String etag, List<String> varyNames,
                         List<String> varyValues, long storedAtNanos, long freshForNanos, long initialAgeSecs,
                         long bytes) {
        /** The Age to send with it (RFC 9111 §4.2.3): what it came with plus its time here, whole seconds. */
        public long ageSeconds(long nowNanos) {
            return initialAgeSecs + TimeUnit.NANOSECONDS.toSeconds(Math.max(0, nowNanos - storedAtNanos));
        }

        boolean freshAt(long nowNanos) {
            return nowNanos - storedAtNanos >= 0 && nowNanos - storedAtNanos < freshForNanos;
        }
    }

    private final Settings settings;
    private final ReentrantLock lock = new ReentrantLock();
    /** Access order: the eldest is the least recently used. Guarded by {@link #lock}. */
    private final LinkedHashMap<String, Stored> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder stores = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    public ResponseCache(Settings settings) {
        this.settings = settings;
    }

    /** Whether the cache may answer this request or keep its answer at all (GET or HEAD, no Authorization). */
    public static boolean handles(String method, Function<String, String> requestHeader) {
        return ("GET".equals(method) || "HEAD".equals(method)) && requestHeader.apply("authorization") == null;
    }

    /**
     * The kept answer for this request, or null (a miss). {@code requestHeader} gives a request
     * header's values joined by commas, by lower-case name, or null when absent.
     */
    public Stored lookup(String method, String target, Function<String, String> requestHeader, long nowNanos) {
        if (!handles(method, requestHeader) || refusesStored(requestHeader)) {
            misses.increment();
            return null;
        }
        String key = key(target);
        lock.lock();
        try {
            Stored s = entries.get(key);
            if (s != null && !s.freshAt(nowNanos)) {
                remove(key);
                s = null;
            }
            if (s != null && !varyMatches(s, requestHeader)) {
                s = null;
            }
            if (s == null) {
                misses.increment();
                return null;
            }
            hits.increment();
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** Keeps the upstream's answer to this request when the rules above allow it; says whether it did. */
    public boolean offer(String method, String target, Function<String, String> requestHeader, int status,
                         List<Header> headers, byte[] body, long nowNanos) {
        // A HEAD answer has no body to serve a GET with; only a GET's is kept (and serves HEAD too).
        if (!"GET".equals(method) || status != 200 || !handles(method, requestHeader)
                || CacheControl.parse(requestHeader.apply("cache-control")).noStore()) {
            return false;
        }
        String cacheControl = null;
        String etag = null;
        String vary = null;
        long age = 0;
        long headerChars = 0;
        List<Header> kept = new ArrayList<>(headers.size());
        for (Header h : headers) {
            String name = h.name().toLowerCase(Locale.ROOT);
            switch (name) {
                case "set-cookie" -> {
                    return false;
                }
                case "cache-control" -> cacheControl = cacheControl == null ? h.value() : cacheControl + "," + h.value();
                case "etag" -> etag = h.value();
                case "vary" -> vary = vary == null ? h.value() : vary + "," + h.value();
                case "age" -> age = parseAge(h.value());
                default -> {
                }
            }
            if (!name.equals("age")) {
                kept.add(h);
                headerChars += h.name().length() + h.value().length() + 4;
            }
        }
        CacheControl cc = CacheControl.parse(cacheControl);
        if (cc.noStore() || cc.noCache() || cc.isPrivate() || cc.sharedFreshnessSeconds().isEmpty() || age < 0) {
            return false;
        }
        long freshSecs = cc.sharedFreshnessSeconds().getAsLong() - age;
        if (freshSecs <= 0) {
            return false;
        }
        List<String> varyNames = new ArrayList<>();
        if (vary != null) {
            for (String v : vary.split(",")) {
                String n = v.trim().toLowerCase(Locale.ROOT);
                if (n.equals("*")) {
                    return false;
                }
                if (!n.isEmpty()) {
                    varyNames.add(n);
                }
            }
        }
        List<String> varyValues = new ArrayList<>(varyNames.size());
        for (String n : varyNames) {
            varyValues.add(requestHeader.apply(n));
        }
        String key = key(target);
        long size = body.length + headerChars + key.length() * 2L;
        if (size > settings.maxEntryBytes()) {
            return false;
        }
        Stored stored = new Stored(status, List.copyOf(kept), body, etag, List.copyOf(varyNames),
                java.util.Collections.unmodifiableList(varyValues), nowNanos, TimeUnit.SECONDS.toNanos(freshSecs), age, size);
        lock.lock();
        try {
            remove(key);
            entries.put(key, stored);
            bytes += size;
            stores.increment();
            Iterator<Map.Entry<String, Stored>> eldest = entries.entrySet().iterator();
            while ((entries.size() > settings.maxEntries() || bytes > settings.maxBytes()) && eldest.hasNext()) {
                Stored out = eldest.next().getValue();
                eldest.remove();
                bytes -= out.bytes();
                evictions.increment();
            }
            return entries.containsKey(key);
        } finally {
            lock.unlock();
        }
    }

    /** The request's own Cache-Control asks for an answer from the origin (RFC 9111 §5.2.1). */
    static boolean refusesStored(Function<String, String> requestHeader) {
        CacheControl cc = CacheControl.parse(requestHeader.apply("cache-control"));
        return cc.noCache() || cc.noStore() || (cc.maxAgeSeconds().isPresent() && cc.maxAgeSeconds().getAsLong() == 0)
                || "no-cache".equalsIgnoreCase(trimmed(requestHeader.apply("pragma")));
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    private static boolean varyMatches(Stored s, Function<String, String> requestHeader) {
        for (int i = 0; i < s.varyNames().size(); i++) {
            String now = requestHeader.apply(s.varyNames().get(i));
            String then = s.varyValues().get(i);
            if (now == null ? then != null : !now.equals(then)) {
                return false;
            }
        }
        return true;
    }

    /** Age is delta-seconds; anything else makes the answer unusable (-1). */
    private static long parseAge(String value) {
        String v = value.trim();
        if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(v);
    }

    /** GET and HEAD share an entry: a HEAD is a GET without its body. */
    private static String key(String target) {
        return "GET " + target;
    }

    private void remove(String key) {
        Stored old = entries.remove(key);
        if (old != null) {
            bytes -= old.bytes();
        }
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public long stores() {
        return stores.sum();
    }

    /** Answers pushed out to stay within the bounds (not counting expired ones). */
    public long evictions() {
        return evictions.sum();
    }

    public int entries() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    public Settings settings() {
        return settings;
    }
}
