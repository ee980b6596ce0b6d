package dev.fivenines.telemetry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTemplatesTest {
    private final RouteTemplates routes = RouteTemplates.of(List.of(
            "/api/v1/orders/{orderId}", "/api/v1/orders/{orderId}/{anything}", "/api/v1/orders/{orderId}/cancel",
            "/api/v1/carts/{cartId}/lines/{productId}", "/api/v1/carts/{cartId}/lines", "/api/v1/checkout"));

    @Test
    void givenConcretePaths_whenMatched_thenEachNamesItsTemplate() {
        assertThat(routes.match("/api/v1/carts/c-1/lines")).hasValue("/api/v1/carts/{cartId}/lines");
        assertThat(routes.match("/api/v1/carts/c-1/lines/p-9")).hasValue("/api/v1/carts/{cartId}/lines/{productId}");
        assertThat(routes.match("/api/v1/checkout")).hasValue("/api/v1/checkout");
    }

    @Test
    void givenTwoTemplatesThatBothMatch_thenTheOneWithALiteralWhereTheOtherHasAParameterWins() {
        assertThat(routes.match("/api/v1/orders/o-1/cancel")).hasValue("/api/v1/orders/{orderId}/cancel");
        assertThat(routes.match("/api/v1/orders/o-1/other")).hasValue("/api/v1/orders/{orderId}/{anything}");
    }

    @Test
    void givenPathsNoTemplateCovers_thenNothingMatches() {
        assertThat(routes.match("/api/v1/carts")).isEmpty();
        assertThat(routes.match("/api/v1/carts//lines")).as("a parameter is never an empty segment").isEmpty();
        assertThat(routes.match("/api/v1/checkout/")).isEmpty();
        assertThat(routes.match("/wp-admin/setup.php")).isEmpty();
        assertThat(routes.match("no-slash")).isEmpty();
        assertThat(RouteTemplates.none().match("/api/v1/checkout")).isEmpty();
    }

    @Test
    void givenACatchAll_thenItIsNotATemplateAndCannotBeTabled() {
        assertThat(RouteTemplates.isTemplate("/api/v1/*")).isFalse();
        assertThat(RouteTemplates.isTemplate("/api/v1/carts/{cartId}")).isTrue();
        assertThat(RouteTemplates.isTemplate("/admin/upstreams/{name}/drain")).isTrue();
        assertThatThrownBy(() -> RouteTemplates.of(List.of("/api/v1/*")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/api/v1/*' is not a route template");
    }
}
