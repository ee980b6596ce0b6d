package dev.fivenines.commerce.recommendation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Check;
import dev.fivenines.base.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the shop's product page uses to ask the recommendations role for product ids. Sheddable by
 * design: one short deadline covers the whole call (connect, headers and body), and anything but a
 * good answer in time throws {@link RecommendationsUnavailableException} so the caller shows top
 * sellers instead. It never retries: a retry would only spend more of the page's time budget.
 */
public final class RecommendationsHttpClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(150);
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(5);
    /** A full answer (20 items) is about 2 KiB; anything far beyond is not a recommendations answer. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final URI baseUrl;
    private final Duration timeout;
    private final HttpClient http;

    /** @param baseUrl the recommendations role, e.g. {@code http://127.0.0.1:8085} */
    public RecommendationsHttpClient(URI baseUrl) {
        this(baseUrl, DEFAULT_TIMEOUT);
    }

    public RecommendationsHttpClient(URI baseUrl, Duration timeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(timeout, "timeout");
        Check.argument("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()),
                "recommendations base URL must be http(s), was %s", baseUrl);
        Check.argument(timeout.compareTo(MIN_TIMEOUT) >= 0 && timeout.compareTo(MAX_TIMEOUT) <= 0,
                "recommendations timeout must be in [%s, %s], was %s", MIN_TIMEOUT, MAX_TIMEOUT, timeout);
        String base = baseUrl.toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Product ids recommended for {@code productId}, best first, at most {@code limit} (1..20).
     *
     * @throws RecommendationsUnavailableException on timeout, connection failure, non-200 or a bad body
     */
    public List<String> recommend(String productId, int limit) {
        Check.argument(productId != null && !productId.isBlank() && productId.length() <= 64,
                "productId must be 1..64 characters, was '%s'", productId);
        Check.argument(limit >= 1 && limit <= RecommendationsApi.MAX_LIMIT,
                "limit must be in [1, %s], was %s", RecommendationsApi.MAX_LIMIT, limit);
        URI uri = URI.create(baseUrl + "/api/v1/recommendations?product="
                + URLEncoder.encode(productId, StandardCharsets.UTF_8) + "&limit=" + limit);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Accept", "application/json").build();
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request, BoundedBodySubscriber.handler(MAX_BODY_BYTES));
        HttpResponse<byte[]> response;
        try {
            // The request timeout stops at the headers; this bounds the body as well.
            response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw unavailable("no answer within " + timeout.toMillis() + " ms from " + uri, e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while calling " + uri, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException expired) {
                throw unavailable("no answer within " + timeout.toMillis() + " ms from " + uri, expired);
            }
            throw unavailable("call to " + uri + " failed: " + e.getCause(), e.getCause());
        }
        if (response.statusCode() != 200) {
            throw unavailable(uri + " answered " + response.statusCode(), null);
        }
        return parse(response.body(), uri);
    }

    private static List<String> parse(byte[] body, URI uri) {
        try {
            JsonNode items = Json.mapper().readTree(body).path("items");
            if (!items.isArray()) {
                throw unavailable(uri + " answered without an items array", null);
            }
            List<String> ids = new ArrayList<>(items.size());
            for (JsonNode item : items) {
                JsonNode id = item.path("id");
                if (!id.isTextual()) {
                    throw unavailable(uri + " answered an item without a string id: " + item, null);
                }
                ids.add(id.asText());
            }
            return List.copyOf(ids);
        } catch (IOException e) {
            throw unavailable(uri + " answered malformed JSON", e);
        }
    }

    private static RecommendationsUnavailableException unavailable(String message, Throwable cause) {
        return new RecommendationsUnavailableException("recommendations unavailable: " + message, cause);
    }

    /** Aborts calls in flight (their callers get the exception) and releases the connections. */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
