package dev.fivenines.commerce.http;

import dev.fivenines.commerce.cart.CartApi;
import dev.fivenines.web.Http;
import dev.fivenines.base.ProblemException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonTest {
    private static CartApi.AddLineRequest parse(String json) {
        return Http.parseJson(json.getBytes(StandardCharsets.UTF_8), CartApi.AddLineRequest.class);
    }

    private static String detailOf(String json) {
        try {
            parse(json);
        } catch (ProblemException e) {
            assertThat(e.problem().status()).isEqualTo(400);
            return e.problem().detail();
        }
        throw new AssertionError("expected a 400 for " + json);
    }

    @Test
    void givenAWellFormedBody_whenParsed_thenFieldsArrive() {
        assertThat(parse("{\"productId\":\"sku-000001\",\"quantity\":2}")).isEqualTo(new CartApi.AddLineRequest("sku-000001", 2));
    }

    @Test
    void givenBodiesThatLenientJacksonWouldAccept_whenParsedStrictly_thenEachIsA400NamingTheField() {
        assertThat(detailOf("{\"productId\":\"p\",\"quantity\":2.5}")).contains("quantity");
        assertThat(detailOf("{\"productId\":\"p\",\"quantity\":\"2\"}")).contains("quantity");
        assertThat(detailOf("{\"productId\":\"p\",\"quantity\":1,\"quantity\":2}")).contains("quantity");
        assertThat(detailOf("{\"productId\":\"p\",\"quantity\":1,\"price\":0}")).contains("price").contains("not a known field");
        assertThat(detailOf("{\"productId\":\"p\",\"quantity\":99999999999}")).contains("range");
    }

    @Test
    void givenMalformedOrWrongShapedBodies_whenParsed_thenA400SaysWhat() {
        assertThat(detailOf("{\"productId\":")).contains("malformed JSON");
        assertThat(detailOf("[1,2]")).contains("body");
        assertThat(detailOf("null")).contains("null");
        assertThat(detailOf("{} {}")).isNotBlank();
    }

    @Test
    void givenNoBody_whenParsedAsATree_thenItIsStillA400() {
        assertThatThrownBy(() -> Http.jsonTree("   ".getBytes(StandardCharsets.UTF_8))).isInstanceOf(ProblemException.class);
    }
}
