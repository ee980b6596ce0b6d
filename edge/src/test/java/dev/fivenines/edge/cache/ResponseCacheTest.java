package dev.fivenines.edge.cache;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseCacheTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final byte[] PAGE = "{\"id\":\"sku-1\"}".getBytes(StandardCharsets.UTF_8);

    private final ResponseCache cache = new ResponseCache(ResponseCache.Settings.defaults());
    private final Map<String, String> request = new HashMap<>();
    private final Function<String, String> headers = request::get;

    private static List<ResponseCache.Header> publicFor(int seconds, String... more) {
        List<ResponseCache.Header> h = new java.util.ArrayList<>(List.of(new ResponseCache.Header("Content-Type", "application/json"),
                new ResponseCache.Header("Cache-Control", "public, max-age=" + seconds),
                new ResponseCache.Header("ETag", "W/\"t1\"")));
        for (int i = 0; i < more.length; i += 2) {
            h.add(new ResponseCache.Header(more[i], more[i + 1]));
        }
        return h;
    }

    @Test
    void givenAPublicAnswer_whenAskedAgainWithinItsMaxAge_thenItIsAHitWithItsAgeAndAfterItAMiss() {
        assertThat(cache.lookup("GET", "/api/v1/products/sku-1", headers, 0)).isNull();
        assertThat(cache.offer("GET", "/api/v1/products/sku-1", headers, 200, publicFor(2), PAGE, 0)).isTrue();

        ResponseCache.Stored hit = cache.lookup("GET", "/api/v1/products/sku-1", headers, SECOND + SECOND / 2);
        assertThat(hit).isNotNull();
        assertThat(hit.body()).isEqualTo(PAGE);
        assertThat(hit.etag()).isEqualTo("W/\"t1\"");
        assertThat(hit.ageSeconds(SECOND + SECOND / 2)).isEqualTo(1);
        assertThat(cache.lookup("HEAD", "/api/v1/products/sku-1", headers, SECOND)).as("HEAD uses GET's entry").isNotNull();

        assertThat(cache.lookup("GET", "/api/v1/products/sku-1", headers, 2 * SECOND)).as("max-age spent").isNull();
        assertThat(cache.entries()).as("the expired entry left when met").isZero();
        assertThat(cache.bytes()).isZero();
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void givenTheQuery_whenItDiffers_thenItIsAnotherEntry() {
        cache.offer("GET", "/api/v1/products?q=red", headers, 200, publicFor(2), PAGE, 0);

        assertThat(cache.lookup("GET", "/api/v1/products?q=blue", headers, 0)).isNull();
        assertThat(cache.lookup("GET", "/api/v1/products?q=red", headers, 0)).isNotNull();
    }

    @Test
    void givenAnswersACacheMustNotKeep_whenOffered_thenNoneIsKept() {
        String t = "/api/v1/products/sku-1";
        assertThat(cache.offer("GET", t, headers, 404, publicFor(2), PAGE, 0)).as("an error").isFalse();
        assertThat(cache.offer("GET", t, headers, 503, publicFor(2), PAGE, 0)).as("an outage").isFalse();
        assertThat(cache.offer("POST", t, headers, 200, publicFor(2), PAGE, 0)).as("not a GET").isFalse();
        assertThat(cache.offer("HEAD", t, headers, 200, publicFor(2), new byte[0], 0)).as("no body to serve a GET").isFalse();
        assertThat(cache.offer("GET", t, headers, 200, publicFor(2, "Set-Cookie", "a=b"), PAGE, 0)).as("a cookie").isFalse();
        assertThat(cache.offer("GET", t, headers, 200, List.of(new ResponseCache.Header("Cache-Control", "private, no-store")),
                PAGE, 0)).as("personal").isFalse();
        assertThat(cache.offer("GET", t, headers, 200, List.of(new ResponseCache.Header("Cache-Control", "public, no-cache, max-age=5")),
                PAGE, 0)).as("no-cache").isFalse();
        assertThat(cache.offer("GET", t, headers, 200, List.of(new ResponseCache.Header("Content-Type", "application/json")),
                PAGE, 0)).as("no freshness given").isFalse();
        assertThat(cache.offer("GET", t, headers, 200, publicFor(0), PAGE, 0)).as("max-age=0").isFalse();
        assertThat(cache.offer("GET", t, headers, 200, publicFor(2, "Age", "2"), PAGE, 0)).as("already as old as its max-age").isFalse();
        assertThat(cache.offer("GET", t, headers, 200, publicFor(2, "Vary", "*"), PAGE, 0)).as("Vary: *").isFalse();
        request.put("authorization", "Bearer x");
        assertThat(cache.offer("GET", t, headers, 200, publicFor(2), PAGE, 0)).as("asked with credentials").isFalse();
        assertThat(cache.entries()).isZero();
        assertThat(cache.stores()).isZero();
    }

    @Test
    void givenAnAnswerThatCameWithAnAge_whenKept_thenItsFreshnessIsWhatIsLeftAndItsAgeCounts() {
        cache.offer("GET", "/t", headers, 200, publicFor(3, "Age", "2"), PAGE, 0);

        assertThat(cache.lookup("GET", "/t", headers, SECOND / 2).ageSeconds(SECOND / 2)).isEqualTo(2);
        assertThat(cache.lookup("GET", "/t", headers, SECOND)).isNull();
    }

    @Test
    void givenSMaxAge_whenKept_thenItWinsOverMaxAge() {
        cache.offer("GET", "/t", headers, 200, List.of(new ResponseCache.Header("Cache-Control", "max-age=1, s-maxage=5")), PAGE, 0);

        assertThat(cache.lookup("GET", "/t", headers, 4 * SECOND)).isNotNull();
    }

    @Test
    void givenARequestThatAsksTheOrigin_whenLookedUp_thenItIsAMissButItsAnswerIsKept() {
        cache.offer("GET", "/t", headers, 200, publicFor(2), PAGE, 0);
        for (String cc : List.of("no-cache", "max-age=0", "no-store")) {
            request.put("cache-control", cc);
            assertThat(cache.lookup("GET", "/t", headers, 0)).as(cc).isNull();
        }
        request.put("cache-control", "no-cache");
        assertThat(cache.offer("GET", "/t", headers, 200, publicFor(2), PAGE, 0)).isTrue();
        request.put("cache-control", "no-store");
        assertThat(cache.offer("GET", "/t", headers, 200, publicFor(2), PAGE, 0)).as("no-store: keep nothing of it").isFalse();
        request.clear();
        request.put("authorization", "Basic eA==");
        assertThat(cache.lookup("GET", "/t", headers, 0)).as("credentials: never a shared answer").isNull();
    }

    @Test
    void givenVaryOnAHeader_whenAnotherValueAsks_thenItMissesAndItsAnswerReplacesTheVariant() {
        request.put("accept-language", "en");
        cache.offer("GET", "/t", headers, 200, publicFor(2, "Vary", "Accept-Language"), PAGE, 0);
        assertThat(cache.lookup("GET", "/t", headers, 0)).isNotNull();

        request.put("accept-language", "fr");
        assertThat(cache.lookup("GET", "/t", headers, 0)).isNull();
        request.remove("accept-language");
        assertThat(cache.lookup("GET", "/t", headers, 0)).as("absent is a value too").isNull();

        request.put("accept-language", "fr");
        cache.offer("GET", "/t", headers, 200, publicFor(2, "Vary", "Accept-Language"), PAGE, 0);
        assertThat(cache.lookup("GET", "/t", headers, 0)).isNotNull();
        assertThat(cache.entries()).isEqualTo(1);
    }

    @Test
    void givenMoreEntriesThanTheBound_whenStored_thenTheLeastRecentlyUsedGoFirst() {
        ResponseCache small = new ResponseCache(new ResponseCache.Settings(2, 1024 * 1024, 1024));
        small.offer("GET", "/a", headers, 200, publicFor(9), PAGE, 0);
        small.offer("GET", "/b", headers, 200, publicFor(9), PAGE, 0);
        small.lookup("GET", "/a", headers, 1);

        small.offer("GET", "/c", headers, 200, publicFor(9), PAGE, 2);

        assertThat(small.lookup("GET", "/b", headers, 3)).as("the least recently used").isNull();
        assertThat(small.lookup("GET", "/a", headers, 3)).isNotNull();
        assertThat(small.lookup("GET", "/c", headers, 3)).isNotNull();
        assertThat(small.evictions()).isEqualTo(1);
        assertThat(small.entries()).isEqualTo(2);
    }

    @Test
    void givenMoreBytesThanTheBound_whenStored_thenEntriesGoUntilTheRestFitsAndAnOversizedOneIsNotKept() {
        ResponseCache small = new ResponseCache(new ResponseCache.Settings(100, 2048, 1500));
        byte[] kib = new byte[1000];
        small.offer("GET", "/a", headers, 200, publicFor(9), kib, 0);
        small.offer("GET", "/b", headers, 200, publicFor(9), kib, 0);

        assertThat(small.entries()).isEqualTo(1);
        assertThat(small.bytes()).isLessThanOrEqualTo(2048);
        assertThat(small.evictions()).isEqualTo(1);
        assertThat(small.lookup("GET", "/b", headers, 1)).isNotNull();
        assertThat(small.offer("GET", "/big", headers, 200, publicFor(9), new byte[1600], 0)).isFalse();
    }

    @Test
    void givenSettingsOutOfRange_whenBuilt_thenRefusedNamingTheRange() {
        assertThatThrownBy(() -> new ResponseCache.Settings(0, 1 << 20, 1024)).hasMessageContaining("cache.maxEntries");
        assertThatThrownBy(() -> new ResponseCache.Settings(10, 10, 1)).hasMessageContaining("cache.maxBytes");
        assertThatThrownBy(() -> new ResponseCache.Settings(10, 4096, 8192)).hasMessageContaining("cache.maxEntryBytes");
    }

    @Test
    void givenCacheControlValues_whenParsed_thenTheDirectivesAreRead() {
        CacheControl cc = CacheControl.parse("Public, MAX-AGE=\"7\", s-maxage=x, foo=bar");

        assertThat(cc.isPublic()).isTrue();
        assertThat(cc.maxAgeSeconds()).hasValue(7);
        assertThat(cc.sharedMaxAgeSeconds()).as("malformed: absent").isEmpty();
        assertThat(CacheControl.parse("private, no-store").isPrivate()).isTrue();
        assertThat(CacheControl.parse(null)).isEqualTo(CacheControl.NONE);
    }
}
