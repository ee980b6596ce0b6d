package dev.fivenines.traffic;

import dev.fivenines.base.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteClassifierTest {
    private final RouteClassifier classifier = RouteClassifier.defaults();

    @Test
    void givenTheDefaultTableCheckoutAndCancelAreCriticalPlus() {
        assertThat(classifier.classify("POST", "/api/v1/checkout")).isEqualTo(Criticality.CRITICAL_PLUS);
        assertThat(classifier.classify("POST", "/api/v1/orders/0193/cancel")).isEqualTo(Criticality.CRITICAL_PLUS);
    }

    @Test
    void givenTheDefaultTableCartsAndReadingOrdersAreCritical() {
        assertThat(classifier.classify("POST", "/api/v1/carts")).isEqualTo(Criticality.CRITICAL);
        assertThat(classifier.classify("PUT", "/api/v1/carts/c1/lines/p1")).isEqualTo(Criticality.CRITICAL);
        assertThat(classifier.classify("GET", "/api/v1/orders/o1")).isEqualTo(Criticality.CRITICAL);
    }

    @Test
    void givenTheDefaultTableBrowsingIsSheddablePlusAndRecommendationsSheddable() {
        assertThat(classifier.classify("GET", "/api/v1/products")).isEqualTo(Criticality.SHEDDABLE_PLUS);
        assertThat(classifier.classify("GET", "/api/v1/products/p-1")).isEqualTo(Criticality.SHEDDABLE_PLUS);
        assertThat(classifier.classify("GET", "/api/v1/categories")).isEqualTo(Criticality.SHEDDABLE_PLUS);
        assertThat(classifier.classify("GET", "/api/v1/recommendations")).isEqualTo(Criticality.SHEDDABLE);
        assertThat(classifier.classify("POST", "/api/v1/analytics/events")).isEqualTo(Criticality.SHEDDABLE);
    }

    @Test
    void givenAnUnlistedRouteOrMethodTheFallbackApplies() {
        assertThat(classifier.classify("DELETE", "/api/v1/orders/o1")).isEqualTo(RouteClassifier.DEFAULT_FALLBACK);
        assertThat(classifier.classify("GET", "/api/v1/checkout")).isEqualTo(RouteClassifier.DEFAULT_FALLBACK);
        assertThat(classifier.classify("POST", "/api/v1/orders/o1/cancel/extra")).isEqualTo(RouteClassifier.DEFAULT_FALLBACK);
    }

    @Test
    void givenACallerDeclaresAClassItMayLowerButNeverRaiseIt() {
        assertThat(classifier.classify("POST", "/api/v1/checkout", "sheddable")).isEqualTo(Criticality.SHEDDABLE);
        assertThat(classifier.classify("GET", "/api/v1/recommendations", "CRITICAL_PLUS")).isEqualTo(Criticality.SHEDDABLE);
        assertThat(classifier.classify("GET", "/api/v1/products", "nonsense")).isEqualTo(Criticality.SHEDDABLE_PLUS);
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
