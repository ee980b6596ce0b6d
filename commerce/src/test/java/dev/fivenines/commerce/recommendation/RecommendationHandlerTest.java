package dev.fivenines.commerce.recommendation;

import dev.fivenines.events.EventTypes;
import dev.fivenines.events.PoisonEventException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** Learning from placed orders against a real PostgreSQL. */
class RecommendationHandlerTest {
    private static RecommendationFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new RecommendationFixture("recommendation_handler");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void emptyModel() {
        fixture.clearModel();
    }

    @Test
    void givenAnOrderOfThreeProducts_whenHandled_thenEachPairCountsOnceInBothDirectionsAndUnitsAreSold() {
        fixture.order(2, "a", "b", "c");

        assertThat(fixture.pairs()).containsOnly(
                entry("a->b", 1L), entry("a->c", 1L), entry("b->a", 1L),
                entry("b->c", 1L), entry("c->a", 1L), entry("c->b", 1L));
        assertThat(fixture.popularity()).containsOnly(entry("a", 2L), entry("b", 2L), entry("c", 2L));
    }

    @Test
    void givenSeveralOrders_whenHandled_thenCountsAccumulate() {
        fixture.order(1, "a", "b");
        fixture.order(3, "a", "b", "c");
        fixture.order(1, "c");

        Map<String, Long> pairs = fixture.pairs();
        assertThat(pairs).containsEntry("a->b", 2L).containsEntry("b->a", 2L)
                .containsEntry("a->c", 1L).containsEntry("c->b", 1L).hasSize(6);
        assertThat(fixture.popularity()).containsOnly(entry("a", 4L), entry("b", 4L), entry("c", 4L));
    }

    @Test
    void givenAnOrderEventOtherThanPlaced_whenHandled_thenTheModelIsUntouched() {
        fixture.handle(RecommendationFixture.envelope(EventTypes.ORDER_CANCELLED, "o-1", Map.of("orderId", "o-1"), 1));

        assertThat(fixture.pairs()).isEmpty();
        assertThat(fixture.popularity()).isEmpty();
    }

    @Test
    void givenAPlacedEventWithAZeroQuantityLine_whenHandled_thenItIsPoisonAndNothingIsCounted() {
        var event = RecommendationFixture.placed(0, "a", "b");

        assertThatThrownBy(() -> fixture.handle(event)).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("unusable line");
        assertThat(fixture.popularity()).isEmpty();
    }

    @Test
    void givenAPlacedEventWithoutLines_whenHandled_thenItIsPoison() {
        var event = RecommendationFixture.envelope(EventTypes.ORDER_PLACED, "o-2", Map.of("orderId", "o-2"), 1);

        assertThatThrownBy(() -> fixture.handle(event)).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("no lines");
    }

    @Test
    void givenAPlacedEventOfANewerSchema_whenHandled_thenItIsPoison() {
        var event = RecommendationFixture.envelope(EventTypes.ORDER_PLACED, "o-3", Map.of("orderId", "o-3", "lines", List.of()), 2);

        assertThatThrownBy(() -> fixture.handle(event)).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("schema version 2");
    }
}
