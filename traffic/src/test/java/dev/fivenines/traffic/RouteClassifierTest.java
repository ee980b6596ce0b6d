package dev.fivenines.traffic;

import dev.fivenines.base.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteClassifierTest {
    private final RouteClassifier classifier = RouteClassifier.defaults();

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource({
            // checkout and cancel are what a buyer's money rides on
            "POST, /api/v1/checkout, CRITICAL_PLUS",
            "POST, /api/v1/orders/0193/cancel, CRITICAL_PLUS",
            // carts and reading orders
            "POST, /api/v1/carts, CRITICAL",
            "PUT, /api/v1/carts/c1/lines/p1, CRITICAL",
            "GET, /api/v1/orders/o1, CRITICAL",
            // browsing, then recommendations and analytics
            "GET, /api/v1/products, SHEDDABLE_PLUS",
            "GET, /api/v1/products/p-1, SHEDDABLE_PLUS",
            "GET, /api/v1/categories, SHEDDABLE_PLUS",
            "GET, /api/v1/recommendations, SHEDDABLE",
            "POST, /api/v1/analytics/events, SHEDDABLE",
    })
    void givenTheDefaultTable_whenARouteIsClassified_thenItGetsItsListedClass(String method, String path, Criticality expected) {
        assertThat(classifier.classify(method, path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "DELETE, /api/v1/orders/o1",
            "GET, /api/v1/checkout",
            "POST, /api/v1/orders/o1/cancel/extra",
    })
    void givenAnUnlistedRouteOrMethod_whenClassified_thenTheFallbackApplies(String method, String path) {
        assertThat(classifier.classify(method, path)).isEqualTo(RouteClassifier.DEFAULT_FALLBACK);
    }

    @ParameterizedTest(name = "{0} {1} declared {2} is {3}")
    @CsvSource({
            "POST, /api/v1/checkout, sheddable, SHEDDABLE",
            "GET, /api/v1/recommendations, CRITICAL_PLUS, SHEDDABLE",
            "GET, /api/v1/products, nonsense, SHEDDABLE_PLUS",
    })
    void givenACallerDeclaresAClass_whenClassified_thenItMayLowerButNeverRaiseIt(String method, String path, String declared,
                                                                                Criticality expected) {
        assertThat(classifier.classify(method, path, declared)).isEqualTo(expected);
    }

    @Test
    void givenTheFirstMatchingRuleWinsOrderInConfigMatters() {
        RouteClassifier custom = new RouteClassifier(List.of(
                RouteRule.of("GET", "/api/v1/products/hot", Criticality.CRITICAL),
                RouteRule.of("*", "/api/v1/products/**", Criticality.SHEDDABLE)), Criticality.SHEDDABLE_PLUS);
        assertThat(custom.classify("GET", "/api/v1/products/hot")).isEqualTo(Criticality.CRITICAL);
        assertThat(custom.classify("GET", "/api/v1/products/cold")).isEqualTo(Criticality.SHEDDABLE);
    }

    @Test
    void givenABadPatternConfigIsRejectedWithTheReason() {
        assertThatThrownBy(() -> RouteRule.of("GET", "/api/**/x", Criticality.CRITICAL))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'**' may only end");
        assertThatThrownBy(() -> RouteRule.of("GET", "api/v1", Criticality.CRITICAL))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must start with '/'");
    }
}
