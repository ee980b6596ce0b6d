package dev.fivenines.commerce.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The route table spans and metrics are named by is the OpenAPI document's paths, under /api/v1. */
class DocumentedRoutesTest {
    @Test
    void givenTheDocument_whenItsTemplatesAreRead_thenTheyAreAbsoluteAndIncludeTheCartAndCheckoutRoutes() {
        assertThat(DocumentedRoutes.templates())
                .allSatisfy(t -> assertThat(t).startsWith("/api/v1/"))
                .contains("/api/v1/carts/{cartId}", "/api/v1/carts/{cartId}/lines", "/api/v1/carts/{cartId}/lines/{productId}",
                        "/api/v1/checkout", "/api/v1/orders/{orderId}/cancel", "/api/v1/shipments/{orderId}")
                .doesNotHaveDuplicates();
    }
}
