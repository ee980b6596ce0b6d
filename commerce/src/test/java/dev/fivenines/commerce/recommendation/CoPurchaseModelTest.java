package dev.fivenines.commerce.recommendation;

import dev.fivenines.commerce.recommendation.CoPurchaseModel.Pair;
import dev.fivenines.commerce.recommendation.CoPurchaseModel.Purchase;
import dev.fivenines.commerce.recommendation.CoPurchaseModel.Scored;
import dev.fivenines.commerce.recommendation.CoPurchaseModel.Source;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoPurchaseModelTest {

    @Test
    void givenAnOrderOfThreeProducts_whenLearned_thenEveryOrderedPairOfDistinctProductsCountsOnce() {
        var update = CoPurchaseModel.learn(List.of(new Purchase("c", 1), new Purchase("a", 2), new Purchase("b", 1)));

        assertThat(update.pairs()).containsExactly(
                new Pair("a", "b"), new Pair("a", "c"), new Pair("b", "a"),
                new Pair("b", "c"), new Pair("c", "a"), new Pair("c", "b"));
        assertThat(update.purchases()).containsExactly(new Purchase("a", 2), new Purchase("b", 1), new Purchase("c", 1));
        assertThat(update.truncatedProducts()).isZero();
    }

    @Test
    void givenTheSameProductOnTwoLines_whenLearned_thenItsUnitsAddUpAndItIsNeverPairedWithItself() {
        var update = CoPurchaseModel.learn(List.of(new Purchase("a", 2), new Purchase("b", 1), new Purchase("a", 3)));

        assertThat(update.purchases()).containsExactly(new Purchase("a", 5), new Purchase("b", 1));
        assertThat(update.pairs()).containsExactly(new Pair("a", "b"), new Pair("b", "a"));
    }

    @Test
    void givenASingleProductOrder_whenLearned_thenItOnlyCountsAsASale() {
        var update = CoPurchaseModel.learn(List.of(new Purchase("a", 4)));

        assertThat(update.pairs()).isEmpty();
        assertThat(update.purchases()).containsExactly(new Purchase("a", 4));
    }

    @Test
    void givenAGiantBasket_whenLearned_thenPairsAreCappedButEverySaleStillCounts() {
        int products = CoPurchaseModel.MAX_PRODUCTS_PER_ORDER + 7;
        var lines = IntStream.range(0, products).mapToObj(i -> new Purchase("p%03d".formatted(i), 1)).toList();

        var update = CoPurchaseModel.learn(lines);

        int paired = CoPurchaseModel.MAX_PRODUCTS_PER_ORDER;
        assertThat(update.pairs()).hasSize(paired * (paired - 1));
        assertThat(update.purchases()).hasSize(products);
        assertThat(update.truncatedProducts()).isEqualTo(7);
    }

    @Test
    void givenAZeroQuantityLine_thenItIsRejected() {
        assertThatThrownBy(() -> new Purchase("a", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("units of a must be > 0");
    }

    @Test
    void givenCoPurchases_whenRecommending_thenTheyComeByCountDescendingThenById() {
        var result = CoPurchaseModel.recommend("x",
                List.of(new Scored("d", 2), new Scored("b", 5), new Scored("a", 2), new Scored("c", 9)),
                List.of(), 10);

        assertThat(result.productIds()).containsExactly("c", "b", "a", "d");
        assertThat(result.source()).isEqualTo(Source.CO_PURCHASE);
    }

    @Test
    void givenFewerCoPurchasesThanTheLimit_whenRecommending_thenTopSellersFillUpWithoutRepeatsOrTheProductItself() {
        var result = CoPurchaseModel.recommend("x",
                List.of(new Scored("a", 3)),
                List.of(new Scored("x", 100), new Scored("a", 50), new Scored("t1", 40), new Scored("t2", 30),
                        new Scored("t3", 20)), 3);

        assertThat(result.productIds()).containsExactly("a", "t1", "t2");
        assertThat(result.source()).isEqualTo(Source.CO_PURCHASE);
    }

    @Test
    void givenAProductNobodyBoughtWithAnything_whenRecommending_thenItGetsTopSellers() {
        var result = CoPurchaseModel.recommend("unknown", List.of(),
                List.of(new Scored("t2", 30), new Scored("t1", 40)), 5);

        assertThat(result.productIds()).containsExactly("t1", "t2");
        assertThat(result.source()).isEqualTo(Source.TOP_SELLERS);
        assertThat(result.source().wireName()).isEqualTo("top-sellers");
    }

    @Test
    void givenMoreCoPurchasesThanTheLimit_whenRecommending_thenOnlyTheBestLimitAreReturned() {
        var result = CoPurchaseModel.recommend("x",
                List.of(new Scored("a", 1), new Scored("b", 2), new Scored("c", 3)), List.of(new Scored("t", 99)), 2);

        assertThat(result.productIds()).containsExactly("c", "b");
    }
}
