package dev.fivenines.commerce.catalog;

import dev.fivenines.base.Money;
import dev.fivenines.db.testing.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class ProductRecommendationsTest {
    private static final Function<Collection<String>, List<Product>> CATALOG = ids -> ids.stream()
            .filter(id -> !id.startsWith("gone"))
            .map(id -> new Product(id, "Name " + id, "d", "c", Money.of("1.00", "USD"))).toList();

    @Test
    void givenAHealthySource_whenAsked_thenItsSuggestionsAreUsedWithoutTheProductItselfOrUnknownIds() {
        try (var recs = new ProductRecommendations((id, limit) -> List.of("p1", "self", "gone-1", "p2", "p3"),
                () -> List.of("top1"), CATALOG, Duration.ofSeconds(5))) {
            var result = recs.forProduct("self", 3);
            assertThat(result.source()).isEqualTo(ProductRecommendations.CO_PURCHASE);
            assertThat(result.items()).extracting(Product::id).containsExactly("p1", "p2");
            assertThat(recs.fallbacks()).isZero();
        }
    }

    @Test
    void givenAFailingSource_whenAsked_thenTopSellersAreServed() {
        try (var recs = new ProductRecommendations((id, limit) -> {
            throw new IllegalStateException("recommendations role is down");
        }, () -> List.of("top1", "self", "top2"), CATALOG, Duration.ofSeconds(5))) {
            var result = recs.forProduct("self", 4);
            assertThat(result.source()).isEqualTo(ProductRecommendations.TOP_SELLERS);
            assertThat(result.items()).extracting(Product::id).containsExactly("top1", "top2");
            assertThat(recs.fallbacks()).isEqualTo(1);
        }
    }

    @Test
    void givenASourceThatNeverAnswers_whenAsked_thenTheDeadlineFallsBackToTopSellers() {
        CountDownLatch never = new CountDownLatch(1);
        try (var recs = new ProductRecommendations((id, limit) -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of("late");
        }, () -> List.of("top1"), CATALOG, Duration.ofMillis(20))) {
            var result = recs.forProduct("self", 4);
            assertThat(result.source()).isEqualTo(ProductRecommendations.TOP_SELLERS);
            assertThat(result.items()).extracting(Product::id).containsExactly("top1");
        } finally {
            never.countDown();
        }
    }

    @Test
    void givenAnEmptyAnswerAndBrokenTopSellers_whenAsked_thenAnEmptyListRatherThanAnError() {
        try (var recs = new ProductRecommendations((id, limit) -> List.of(),
                () -> {
                    throw new IllegalStateException("database down");
                }, CATALOG, Duration.ofSeconds(5))) {
            var result = recs.forProduct("self", 4);
            assertThat(result.items()).isEmpty();
            assertThat(result.source()).isEqualTo(ProductRecommendations.TOP_SELLERS);
        }
    }

    @Test
    void givenASourceFailingMostCalls_whenPagesKeepAsking_thenTheBreakerOpensAndPagesFallBackWithoutCallingIt_untilItsWaitIsOver() {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean down = new AtomicBoolean(true);
        MutableClock clock = MutableClock.at("2026-11-23T05:00:00Z");
        try (var recs = new ProductRecommendations((id, limit) -> {
            calls.incrementAndGet();
            if (down.get()) {
                throw new IllegalStateException("recommendations role is down");
            }
            return List.of("p1");
        }, () -> List.of("top1"), CATALOG, Duration.ofSeconds(5), clock)) {
            for (int i = 0; i < 10; i++) {
                recs.forProduct("self", 4);
            }
            assertThat(recs.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);

            var whileOpen = recs.forProduct("self", 4);
            assertThat(whileOpen.source()).isEqualTo(ProductRecommendations.TOP_SELLERS);
            assertThat(calls).as("an open breaker spares the source").hasValue(10);

            down.set(false);
            clock.advance(ProductRecommendations.OPEN_WAIT.plusMillis(1));
            var trial = recs.forProduct("self", 4);
            assertThat(trial.source()).isEqualTo(ProductRecommendations.CO_PURCHASE);
            assertThat(calls).hasValue(11);
        }
    }

    @Test
    void givenTextWithLikeMetacharacters_whenMadeIntoAPattern_thenTheyAreEscaped() {
        assertThat(ProductQuery.containsPattern("50%_off\\")).isEqualTo("%50\\%\\_off\\\\%");
    }
}
