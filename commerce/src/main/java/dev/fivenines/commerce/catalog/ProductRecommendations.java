package dev.fivenines.commerce.catalog;

import dev.fivenines.base.Check;
import dev.fivenines.commerce.resilience.Breakers;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.context.Context;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Suggestions for a product page: co-purchases from the {@link RecommendationSource} within a
 * deadline, else (slow, failing or empty) the shop's own top sellers. Never throws for a product
 * that exists: a sheddable dependency must not fail the page.
 *
 * <p>A circuit breaker (Resilience4j) stands in front of the source: when half of the last 20 calls
 * (at least 10) failed or missed the deadline, pages fall back at once for {@link #OPEN_WAIT}, then 3
 * trial calls decide. Without it every page waited out the deadline for a slow source, holding its
 * admission slot, and the edge shed the sessions behind it (docs/decisions/008).
 */
public final class ProductRecommendations implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ProductRecommendations.class.getName());
    public static final String CO_PURCHASE = "co-purchase";
    public static final String TOP_SELLERS = "top-sellers";
    public static final Duration DEFAULT_DEADLINE = Duration.ofMillis(300);
    public static final int MAX_LIMIT = 20;
    /** Calls to the source still running (a source that ignores interrupts keeps its thread); past this, fall back at once. */
    public static final int MAX_IN_FLIGHT = 64;
    public static final Duration OPEN_WAIT = Duration.ofSeconds(5);

    /** The suggestions and where they came from. */
    public record Recommendations(List<Product> items, String source) {
    }

    private final RecommendationSource source;
    private final Supplier<List<String>> topSellers;
    private final Function<Collection<String>, List<Product>> products;
    private final long deadlineMillis;
    private final CircuitBreaker breaker;
    // Context-wrapping: the call runs on another thread but stays in the caller's trace.
    private final ExecutorService calls = Context.taskWrapping(Executors.newVirtualThreadPerTaskExecutor());
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong fallbacks = new AtomicLong();
    private final LongCounter fallbackCounter = GlobalOpenTelemetry.getMeter("dev.fivenines.commerce")
            .counterBuilder("fivenines.recommendations.fallbacks")
            .setDescription("product pages that fell back to top sellers (source slow, failing or empty)")
            .build();

    /**
     * @param topSellers product ids of the fallback, best first ({@link TopSellers#productIds})
     * @param products   the existing products among some ids, in their order ({@link CatalogRepository#findAll})
     */
    public ProductRecommendations(RecommendationSource source, Supplier<List<String>> topSellers,
                                  Function<Collection<String>, List<Product>> products, Duration deadline) {
        this(source, topSellers, products, deadline, Clock.systemUTC());
    }

    /** @param clock the breaker's time (how long it stays open) */
    public ProductRecommendations(RecommendationSource source, Supplier<List<String>> topSellers,
                                  Function<Collection<String>, List<Product>> products, Duration deadline, Clock clock) {
        this.breaker = CircuitBreaker.of("recommendations", Breakers.standard(OPEN_WAIT, clock).build());
        this.source = source;
        this.topSellers = topSellers;
        this.products = products;
        this.deadlineMillis = Check.inRange("shop.recommendations.deadlineMillis", deadline.toMillis(), 1, 10_000);
    }

    /** How many product pages fell back to top sellers. */
    public long fallbacks() {
        return fallbacks.get();
    }

    public Recommendations forProduct(String productId, int limit) {
        Check.argument(limit >= 1 && limit <= MAX_LIMIT, "limit must be in [1, %s], was %s", MAX_LIMIT, limit);
        List<String> suggested = fromSource(productId, limit);
        if (!suggested.isEmpty()) {
            List<Product> items = resolve(suggested, productId, limit);
            if (!items.isEmpty()) {
                return new Recommendations(items, CO_PURCHASE);
            }
        }
        fallbacks.incrementAndGet();
        fallbackCounter.add(1);
        try {
            return new Recommendations(resolve(topSellers.get(), productId, limit), TOP_SELLERS);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "no recommendations for product " + productId + ": top sellers failed too", e);
            return new Recommendations(List.of(), TOP_SELLERS);
        }
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    private List<String> fromSource(String productId, int limit) {
        if (!breaker.tryAcquirePermission()) {
            LOG.fine(() -> "recommendations breaker is open; using top sellers for " + productId);
            return List.of();
        }
        if (!inFlight.tryAcquire()) {
            breaker.releasePermission();
            LOG.fine(() -> MAX_IN_FLIGHT + " calls to the recommendation source still running; using top sellers");
            return List.of();
        }
        long startNanos = System.nanoTime();
        Future<List<String>> call = calls.submit(() -> {
            try {
                return source.recommend(productId, limit);
            } finally {
                inFlight.release();
            }
        });
        try {
            List<String> ids = call.get(deadlineMillis, TimeUnit.MILLISECONDS);
            breaker.onSuccess(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            return ids == null ? List.of() : ids;
        } catch (TimeoutException e) {
            call.cancel(true);
            breaker.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS, e);
            LOG.fine(() -> "recommendation source gave no answer for " + productId + " within " + deadlineMillis + " ms; using top sellers");
        } catch (ExecutionException e) {
            breaker.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS, e.getCause());
            LOG.log(Level.FINE, "recommendation source failed for " + productId + "; using top sellers", e.getCause());
        } catch (InterruptedException e) {
            call.cancel(true);
            breaker.releasePermission();
            Thread.currentThread().interrupt();
        }
        return List.of();
    }

    private List<Product> resolve(List<String> ids, String exclude, int limit) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String id : ids) {
            if (id != null && !id.equals(exclude) && wanted.size() < limit) {
                wanted.add(id);
            }
        }
        return new ArrayList<>(products.apply(wanted));
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
